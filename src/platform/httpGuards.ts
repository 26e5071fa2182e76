import type express from 'express';
import { HttpError } from './errors.ts';

/** `Cache-Control: no-store` on the response: it may hold personal data (DESIGN §5). */
export function noStore(_req: express.Request, res: express.Response, next: express.NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  next();
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a state-changing request the browser says came from another site (`Sec-Fetch-Site` other than
 * same-origin or none, or, without it, an `Origin` that is not this one), in front of the CSRF token. Requests
 * without either header (API clients, old browsers) are left to the token.
 */
export function refuseCrossSite(baseUrl: string) {
  const configured = new URL(baseUrl).origin;
  return (req: express.Request, _res: express.Response, next: express.NextFunction): void => {
    if (SAFE_METHODS.has(req.method)) return next();
    // Sec-Fetch-Site is set by the browser and cannot be forged by a page: when present it decides alone. Origin is
    // the fallback for browsers without it; "null" says nothing (Chromium sends it for every form post under our
    // Referrer-Policy: no-referrer), so it is left to the token.
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined) {
      return site === 'same-origin' || site === 'none' ? next() : next(new HttpError(403, 'This request came from another site'));
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== 'null' && origin !== configured && origin !== `${req.protocol}://${req.headers.host}`) {
      return next(new HttpError(403, 'This request came from another site'));
    }
    next();
  };
}
