import type express from 'express';
import { ForgedRequest } from './errors.ts';

/** `Cache-Control: no-store` on the response: it may hold personal data, which no browser or proxy may keep. */
export function noStore(_req: express.Request, res: express.Response, next: express.NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  next();
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a state-changing request the browser says came from another site (`Sec-Fetch-Site: cross-site`,
 * or, where the browser sends no Sec-Fetch-Site, an `Origin` that is not this one), in front of the CSRF token. Requests without either header
 * (API clients, old browsers) are left to the token.
 */
export function refuseCrossSite(baseUrl: string) {
  const configured = new URL(baseUrl).origin;
  return (req: express.Request, _res: express.Response, next: express.NextFunction): void => {
    if (SAFE_METHODS.has(req.method)) return next();
    const site = req.headers['sec-fetch-site'];
    if (site === 'cross-site' || site === 'same-site') return next(new ForgedRequest('This request came from another site'));
    // A browser that says where the request came from is believed; Origin is checked only where it does not say.
    // Under `Referrer-Policy: no-referrer` a same-origin form post carries `Origin: null`, which names no site.
    if (site !== undefined) return next();
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== 'null' && origin !== configured && origin !== `${req.protocol}://${req.headers.host}`) {
      return next(new ForgedRequest('This request came from another site'));
    }
    next();
  };
}
