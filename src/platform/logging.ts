import pino from 'pino';

/** Structured logs: request ids, never personal data, cookies or tokens. */
export function createLogger(level: string) {
  return pino({
    level,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', 'req.body', 'req.query', 'password', 'token'],
      censor: '[redacted]',
    },
  });
}

export type Logger = pino.Logger;
