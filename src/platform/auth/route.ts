import type express from 'express';
import { can, type Action, type RecordContext } from '../../domain/access/policy.ts';
import type { RecordAccess } from '../../domain/access/relationship.ts';
import type { Actor } from '../audit/actor.ts';
import type { AuditCategory, AuditTrail } from '../audit/auditTrail.ts';
import type { Db } from '../db/database.ts';
import type { Executor } from '../db/executor.ts';
import { HttpError, sendProblem } from '../errors.ts';
import { recordRefusal } from './middleware.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** The actor's relationship to the people the route touches, once the route's access check has passed. */
      access?: RecordContext & RecordAccess;
    }
  }
}

/** Works out an actor's relationship to people (the access module's service). */
export interface RelationshipSource {
  contextFor(actor: Actor, personIds: readonly string[], db?: Executor): Promise<RecordContext & RecordAccess>;
}

/** What a route declares: the permission it needs, the audit category of a refusal, and whose data it touches. */
export interface RouteAccess {
  can: Action;
  category?: AuditCategory;
  /** The people the request is about, from its URL (ids only): their relationship to the actor decides access. */
  subjects?: (req: express.Request) => string[] | Promise<string[]>;
  /**
   * A page's answer when the only reason for refusal is a restricted person not open to the user (the "This record is
   * restricted" page with its break-glass form). The refusal is audited either way.
   */
  onRestricted?: (req: express.Request, res: express.Response, closed: string[]) => void | Promise<void>;
  /**
   * The route reads about the people, not their record (who has looked at it), or masks the restricted people it
   * names (an incident's parties): a restriction does not close it, the relationship still decides. The closed people
   * are in `res.locals.access.closed` for the page to mask.
   */
  notTheRecord?: boolean;
}

type Handler = (req: express.Request, res: express.Response, next: express.NextFunction) => unknown;

export interface RouteDeps {
  db: Db;
  audit: AuditTrail;
  access: RelationshipSource;
}

/**
 * The one place a route's access is decided (role × relationship × restriction, by the policy module) and a refusal
 * is recorded: a refused request is a 403 page (problem+json under /api/) and an audit event naming the people.
 */
export function guard(deps: RouteDeps, spec: RouteAccess): Handler {
  return async (req, res, next) => {
    const actor = res.locals.actor;
    if (!actor) return next(new HttpError(401, 'Sign in required'));
    const subjects = spec.subjects ? [...new Set(await spec.subjects(req))] : [];
    const refuse = async () => {
      await recordRefusal(deps, actor, spec.can, spec.category ?? 'consultation', req.originalUrl.split('?')[0], subjects);
      if (req.originalUrl.startsWith('/api/')) return sendProblem(res, 403, `You may not ${spec.can} on this record`);
      next(new HttpError(403, 'You do not have access to this'));
    };
    if (!can(actor, spec.can)) return refuse();
    // A route about nobody in particular (a list, a form) is decided by the role alone; its lists filter themselves.
    if (subjects.length === 0) return next();
    const found = await deps.access.contextFor(actor, subjects);
    const people = spec.notTheRecord ? { ...found, restricted: false } : found;
    if (!can(actor, spec.can, people)) {
      if (spec.onRestricted && found.closed.length && can(actor, spec.can, { ...people, restricted: false })) {
        await recordRefusal(deps, actor, spec.can, spec.category ?? 'consultation', req.originalUrl.split('?')[0], subjects);
        return spec.onRestricted(req, res, found.closed);
      }
      return refuse();
    }
    res.locals.access = people;
    next();
  };
}

/** A router whose routes state what they need: `route.get(path, { can: 'task:view', subjects }, handler)`. */
export function declaredRoutes(router: express.Router, deps: RouteDeps) {
  const add =
    (method: 'get' | 'post') =>
    (path: string, spec: RouteAccess, ...handlers: Handler[]) =>
      router[method](path, guard(deps, spec), ...(handlers as express.RequestHandler[]));
  return { get: add('get'), post: add('post') };
}

/**
 * The same guard for one route of a plain express router: `authorise(services, 'order:view', 'consultation',
 * subjectsOf)` is `route.get(path, { can: 'order:view', subjects: subjectsOf }, …)` written inline.
 */
export function authorise(
  deps: RouteDeps,
  action: Action,
  category: AuditCategory = 'consultation',
  subjects?: RouteAccess['subjects'],
): Handler {
  return guard(deps, { can: action, category, subjects });
}
