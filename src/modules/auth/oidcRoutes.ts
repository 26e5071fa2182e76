import express from 'express';
import type { OidcConfig } from '../../config.ts';
import { roleFromClaim } from '../../domain/access/roleClaim.ts';
import { AuthorizationFailed, type IdentityClaims, OidcClient } from '../../platform/auth/oidc.ts';
import { save } from '../../platform/auth/session.ts';
import { notFound } from '../../platform/errors.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';
import type { FederatedIdentity } from '../users/index.ts';
import { establishSession } from './establishSession.ts';

/**
 * Sign-in through the force's identity provider (authorization code + PKCE). No second factor is asked
 * afterwards: the provider applies the force's own multi-factor policy. Without OIDC_* the routes do not exist.
 */
export function oidcRoutes(services: Services): express.Router {
  const router = express.Router();
  const settings = services.config.oidc;
  if (!settings) {
    router.get([paths.signInOidc, paths.signInOidcCallback], notFound);
    return router;
  }
  const oidc = new OidcClient(settings);
  const wantedClaims = ['preferred_username', settings.roleClaim, ...(settings.teamClaim ? [settings.teamClaim] : [])];
  const refused = (res: express.Response, status: number, reason: string) =>
    res.status(status).render('auth/views/oidc-refused.njk', {
      pageTitle: 'You cannot sign in to Safeguard',
      reason,
      providerName: settings.providerName,
    });

  router.get(paths.signInOidc, async (req, res) => {
    if (res.locals.actor) return res.redirect(303, paths.home);
    const { url, checks } = await oidc.startSignIn();
    req.session.oidc = checks;
    await save(req);
    res.redirect(303, url.href);
  });

  router.get(paths.signInOidcCallback, async (req, res) => {
    const checks = req.session.oidc;
    delete req.session.oidc; // a response is accepted once, for the sign-in this browser started
    let claims: IdentityClaims;
    try {
      if (!checks) throw new AuthorizationFailed('no sign-in in progress');
      claims = await oidc.finishSignIn(new URL(req.originalUrl, 'http://callback').search, checks, wantedClaims);
    } catch (e) {
      if (!(e instanceof AuthorizationFailed)) throw e;
      services.logger.warn({ requestId: req.id, error: e.message }, 'identity provider response refused');
      await services.users.recordIdentityProviderFailure(e.message, String(req.id));
      return refused(res, 400, 'response-invalid');
    }
    const result = await services.users.signInWithIdentityProvider(identityFrom(claims, settings), String(req.id));
    if (result.kind === 'refused') return refused(res, 403, result.reason);
    await establishSession(services, req, res, result.user, 'oidc');
  });

  return router;
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

function identityFrom(claims: IdentityClaims, settings: OidcConfig): FederatedIdentity {
  return {
    subject: claims.sub,
    username: text(claims.preferred_username) ?? text(claims.email),
    displayName: text(claims.name),
    email: text(claims.email),
    role: roleFromClaim(claims[settings.roleClaim]),
    teamCode: settings.teamClaim ? text(claims[settings.teamClaim]) : undefined,
  };
}
