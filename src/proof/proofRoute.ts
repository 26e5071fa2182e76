import type { AuditCategory } from '../platform/audit/auditTrail.ts';
import type { Db } from '../platform/db/database.ts';
import type { ProofWorld } from './world.ts';

/**
 * How the proof suites drive each route of the app against the records of a ProofWorld: who uses it, the URL with
 * real ids, a valid body for a state-changing route, what it answers with, and what the audit trail must record.
 * The suites read the routes from Express's router (routeInventory), so a route added without a row here fails
 * them by name ("add this route to the proof table") instead of passing unproven.
 */
export interface ProofRoute {
  /** A demo username; `anonymous` for the signed-out pages; `api` for a bearer token of the integration user. */
  as: string;
  url: (w: ProofWorld) => string;
  /** A valid body (read from the records as they are now), for a state-changing route. */
  body?: (w: ProofWorld, db: Db) => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** What it answers with: an HTML page, JSON, a CSV file, or nothing the suites look at (static assets, health). */
  answers: 'page' | 'json' | 'csv' | 'asset';
  /**
   * The s.62 event the route must write, with the people it is about; `none` when it shows and changes no one's
   * personal data (the sign-in pages, settings, the administrator's pages about staff accounts).
   */
  audit: { category: AuditCategory; subjects: (w: ProofWorld) => string[] } | 'none';
  /** The route's body is a multipart upload (its token goes in the URL). */
  multipart?: boolean;
}
