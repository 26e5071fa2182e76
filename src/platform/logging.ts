import type { IncomingMessage, ServerResponse } from 'node:http';
import pino from 'pino';
import type { Options } from 'pino-http';

/** Structured logs: request ids, never personal data, cookies or tokens. */
export function createLogger(level: string, destination?: pino.DestinationStream) {
  return pino(
    {
      level,
      redact: {
        paths: [
          'req.headers.cookie',
          'req.headers.authorization',
          'res.headers["set-cookie"]',
          'req.body',
          'req.query',
          'password',
          'token',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

export type Logger = pino.Logger;

/** The route a request matched (`/people/:id`, so no id or search term is logged), else its path. */
function routeOf(req: IncomingMessage): string {
  const r = req as IncomingMessage & { baseUrl?: string; route?: { path?: string }; originalUrl?: string };
  if (r.route?.path) return `${r.baseUrl ?? ''}${r.route.path}`;
  return String(r.originalUrl ?? r.url).split('?')[0];
}

/**
 * One line per request: "GET /people/:id 200 12ms", with the request id, method, route, status and time as fields.
 * Headers only at LOG_LEVEL=debug (cookies and authorisation still redacted).
 */
export function requestLogOptions(
  logger: Logger,
): Pick<Options, 'serializers' | 'customSuccessMessage' | 'customErrorMessage' | 'wrapSerializers'> {
  const debug = logger.isLevelEnabled('debug');
  const message = (req: IncomingMessage, res: ServerResponse, ms: number) =>
    `${req.method} ${routeOf(req)} ${res.statusCode} ${Math.round(ms)}ms`;
  return {
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage & { id?: unknown; raw?: IncomingMessage }) => {
        const raw = req.raw ?? req;
        return {
          id: req.id,
          method: raw.method,
          ...(debug && { headers: raw.headers }),
        };
      },
      res: (res: ServerResponse & { raw?: ServerResponse }) => {
        const raw = res.raw ?? res;
        return { statusCode: raw.statusCode, ...(debug && { headers: raw.getHeaders?.() }) };
      },
    },
    customSuccessMessage: (req, res, ms) => message(req, res, ms),
    customErrorMessage: (req, res) => message(req, res, 0),
  };
}
