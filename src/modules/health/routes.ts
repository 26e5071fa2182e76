import express from 'express';
import { sql } from 'kysely';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';

/** Liveness for load balancers and monitoring: no sign-in, no personal data. */
export function healthRoutes({ db }: Services): express.Router {
  const router = express.Router();
  router.get(paths.health, async (_req, res) => {
    try {
      await sql`select 1`.execute(db);
      res.json({ status: 'ok', database: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable', database: 'unreachable' });
    }
  });
  return router;
}
