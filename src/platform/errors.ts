import type express from 'express';
import { paths } from '../paths.ts';
import { AccessRefused } from './auth/access.ts';
import type { Logger } from './logging.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** Where the conflict page's "Go back to the latest version" link goes (see `conflictGoesBackTo`). */
      conflictBack?: string;
    }
  }
}

/**
 * What was asked for does not exist (or is not this user's to know of). Services throw it, naming the record
 * ("No such task"); the error handler below answers 404: the not-found page, or problem+json on the API.
 */
export class NotFound extends Error {}

/**
 * Someone else changed the record since the page was read, so nothing was saved. Services throw it (or a subclass
 * naming the record, e.g. TaskConflict), with a message saying what changed; the error handler below answers 409: the
 * conflict page, whose link goes back to the latest version, or problem+json on the API.
 */
export class Conflict extends Error {}

/** The page holding the latest version of what a request changes: the conflict page links back to it. */
export function conflictGoesBackTo(res: express.Response, href: string): void {
  res.locals.conflictBack = href;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

/** A state-changing request refused before it was read: from another site, or without this session's form token. */
export class ForgedRequest extends HttpError {
  constructor(message: string) {
    super(403, message);
  }
}

const isForgedRequest = (err: unknown) => {
  const code = (err as { code?: string } | undefined)?.code;
  return err instanceof ForgedRequest || code === 'EBADCSRFTOKEN' || code === 'ERR_BAD_CSRF_TOKEN';
};

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Sign in required',
  403: 'You do not have access to this',
  404: 'Page not found',
  409: 'Someone else changed this',
  413: 'Request too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Sorry, there is a problem with the service',
};

export const isApiRequest = (req: express.Request) => req.path.startsWith('/api/');

/** RFC 9457 problem details for the API. */
export function sendProblem(res: express.Response, status: number, detail?: string, extra: Record<string, unknown> = {}): void {
  res
    .status(status)
    .type('application/problem+json')
    .send(JSON.stringify({ type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail, ...extra }));
}

export function notFound(req: express.Request, res: express.Response): void {
  if (isApiRequest(req)) return sendProblem(res, 404, 'No such resource');
  res.status(404).render('errors/404.njk', { pageTitle: TITLES[404] });
}

export function errorHandler(logger: Logger, production: boolean): express.ErrorRequestHandler {
  return (err, req, res, _next) => {
    const status = statusOf(err);
    if (status >= 500) logger.error({ err, requestId: req.id }, 'request failed');
    if (res.headersSent) return;
    if (isApiRequest(req)) {
      return sendProblem(res, status, status >= 500 ? `Request ${String(req.id)} failed` : (err as Error).message);
    }
    // A forged or expired form is not a refusal of the person's access: it is neither about their role nor recorded.
    if (isForgedRequest(err)) return res.status(403).render('errors/form-refused.njk', { pageTitle: 'This form could not be sent' });
    if (err instanceof Conflict) {
      const back = res.locals.conflictBack ?? (req.method === 'GET' ? req.originalUrl : paths.home);
      return res.status(409).render('errors/409.njk', { pageTitle: TITLES[409], message: err.message, back });
    }
    res.status(status).render(status === 403 ? 'errors/403.njk' : status === 404 ? 'errors/404.njk' : 'errors/error.njk', {
      pageTitle: TITLES[status] ?? 'Error',
      status,
      message: status < 500 ? (err as Error).message : undefined,
      stack: !production && status >= 500 ? (err as Error).stack : undefined,
      requestId: req.id,
    });
  };
}

function statusOf(err: unknown): number {
  if (err instanceof HttpError) return err.status;
  if (err instanceof AccessRefused) return 403;
  if (err instanceof NotFound) return 404;
  if (err instanceof Conflict) return 409;
  const e = err as { status?: number; statusCode?: number; type?: string; code?: string };
  if (e?.code === 'EBADCSRFTOKEN' || e?.code === 'ERR_BAD_CSRF_TOKEN') return 403;
  const s = e?.status ?? e?.statusCode;
  return typeof s === 'number' && s >= 400 && s < 600 ? s : 500;
}
