import { accessRoutes } from './modules/access/index.ts';
import crypto from 'node:crypto';
import express from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { csrfSync } from 'csrf-sync';
import type { Services } from './services.ts';
import { setUpNunjucks } from './platform/views/nunjucks.ts';
import { assetRoutes } from './platform/views/assets.ts';
import { saveSessionBeforeRedirect, sessionMiddleware } from './platform/auth/session.ts';
import { AccessRefused, recordRefusal } from './platform/auth/middleware.ts';
import { errorHandler, notFound, sendProblem } from './platform/errors.ts';
import { refuseNulCharacters } from './platform/inputGuard.ts';
import { requestLogOptions } from './platform/logging.ts';
import { noStore, refuseCrossSite } from './platform/httpGuards.ts';
import { loadActor, requireSignIn, authRoutes } from './modules/auth/index.ts';
import { homeRoutes } from './modules/home/index.ts';
import { peopleRoutes } from './modules/people/index.ts';
import { matchRoutes } from './modules/matches/index.ts';
import { auditRoutes } from './modules/audit/index.ts';
import { adminRoutes } from './modules/users/index.ts';
import { importRoutes } from './modules/imports/index.ts';
import { triageRoutes } from './modules/triage/index.ts';
import { assessmentRoutes } from './modules/assessment/index.ts';
import { instrumentRoutes } from './modules/instruments/index.ts';
import { taskRoutes } from './modules/tasks/index.ts';
import { referralRoutes } from './modules/referrals/index.ts';
import { incidentRoutes } from './modules/incidents/index.ts';
import { apiRoutes } from './modules/api/index.ts';
import { healthRoutes } from './modules/health/index.ts';
import { orderRoutes } from './modules/orders/index.ts';
import { releaseRoutes } from './modules/releases/index.ts';
import { alarmRoutes } from './modules/alarms/index.ts';
import { secondResponderRoutes } from './modules/support-programmes/index.ts';
import { dvdsRoutes } from './modules/dvds/index.ts';
import { victimsCodeRoutes } from './modules/victims-code/index.ts';
import { enquiryRoutes } from './modules/enquiries/index.ts';
import { officerAdviceRoutes } from './modules/officer-advice/index.ts';
import { directoryRoutes } from './modules/directory/index.ts';
import { caseRoutes } from './modules/cases/index.ts';

/** The web app: middleware in a fixed order, then each module's router. */
export function createApp(services: Services): express.Express {
  const app = express();
  const { config, logger } = services;
  app.set('trust proxy', config.production ? 1 : false);
  app.disable('x-powered-by');
  setUpNunjucks(app, { reloadTemplates: config.env === 'development' });

  app.use(
    pinoHttp({
      logger,
      // The id is always the server's own (it goes into audit events); a client's X-Request-Id is only logged, labelled.
      genReqId: (_req, res) => {
        const id = crypto.randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      ...requestLogOptions(logger),
      autoLogging: config.env !== 'test',
    }),
  );
  app.use((_req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString('base64');
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          formAction: ["'self'"],
          upgradeInsecureRequests: config.production ? [] : null,
        },
      },
      strictTransportSecurity: config.production,
    }),
  );

  app.use(healthRoutes(services));
  app.use(assetRoutes());
  // Everything after the static assets may hold personal data (pages, API, exports): never kept by a browser or proxy.
  app.use(noStore);
  app.use('/api', express.json({ limit: '2mb' }), refuseNulCharacters);
  app.use('/api/v1', apiRoutes(services));
  app.use('/api', (_req, res) => sendProblem(res, 404, 'No such API resource')); // never the sign-in page

  app.use(express.urlencoded({ extended: false, limit: '200kb' }), refuseNulCharacters);
  app.use(
    sessionMiddleware({
      pool: services.pool,
      secret: config.sessionSecret,
      production: config.production,
      absoluteMs: config.sessionAbsoluteMs,
    }),
  );
  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    // A multipart upload's body is read only after access is checked, so its form carries the token in the URL.
    getTokenFromRequest: (req) =>
      (req.body as Record<string, string> | undefined)?._csrf ??
      (req.is('multipart/form-data') ? (req.query._csrf as string | undefined) : undefined),
  });
  app.use(saveSessionBeforeRedirect);
  app.use((req, res, next) => {
    res.locals.csrfToken = generateToken(req);
    next();
  });
  app.use(refuseCrossSite(config.baseUrl));
  app.use(csrfSynchronisedProtection);
  app.use(loadActor(services));
  app.use(authRoutes(services));
  app.use(requireSignIn);
  app.use(homeRoutes(services));
  app.use(peopleRoutes(services));
  app.use(accessRoutes(services));
  app.use(matchRoutes(services));
  app.use(auditRoutes(services));
  app.use(adminRoutes(services));
  app.use(importRoutes(services));
  app.use(triageRoutes(services));
  app.use(assessmentRoutes(services));
  app.use(incidentRoutes(services));
  app.use(instrumentRoutes(services));
  app.use(taskRoutes(services));
  app.use(orderRoutes(services));
  app.use(releaseRoutes(services));
  app.use(alarmRoutes(services));
  app.use(secondResponderRoutes(services));
  app.use(dvdsRoutes(services));
  app.use(victimsCodeRoutes(services));
  app.use(enquiryRoutes(services));
  app.use(officerAdviceRoutes(services));
  app.use(directoryRoutes(services));
  app.use(caseRoutes(services));
  app.use(referralRoutes(services));

  app.use(notFound);
  app.use(async (err: unknown, req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (err instanceof AccessRefused && res.locals.actor) {
      await recordRefusal(services, res.locals.actor, err.action, err.category, req.path, err.subjects).catch((e) =>
        logger.error({ err: e }, 'could not record a refusal'),
      );
    }
    next(err);
  });
  app.use(errorHandler(logger, config.production));
  return app;
}
