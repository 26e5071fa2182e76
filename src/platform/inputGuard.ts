import type express from 'express';
import { HttpError } from './errors.ts';

/** True when a parsed body or query holds a NUL character anywhere (in a key or a value, at any depth). */
export function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 32 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => containsNul(v, depth + 1));
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || containsNul(v, depth + 1));
}

/**
 * PostgreSQL cannot store a NUL character in text or jsonb, and no person types one: a request carrying one
 * is refused as a bad request here, rather than failing as a 500 when it reaches the database.
 */
export function refuseNulCharacters(req: express.Request, _res: express.Response, next: express.NextFunction): void {
  if (containsNul(req.body) || containsNul(req.query))
    return next(new HttpError(400, 'The request contains a character that is not allowed'));
  next();
}
