import type express from 'express';
import { can } from '../../domain/access/policy.ts';
import type { Actor } from '../../platform/audit/actor.ts';
import { destroy, sessionExpiry } from '../../platform/auth/session.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';
import { actorFromUser } from '../users/index.ts';

/**
 * Turns the session into the acting user on every request: timeouts are enforced against the injected clock
 * and the user is re-read, so disabling or locking an account ends its sessions at once.
 */
export function loadActor(services: Services): express.RequestHandler {
  const { clock, config, users } = services;
  return async (req, res, next) => {
    try {
      const s = req.session;
      if (!s.userId) return next();
      const expired = sessionExpiry(s, clock, config.sessionIdleMs, config.sessionAbsoluteMs);
      const profile = await users.profile(s.userId);
      if (expired || !profile || profile.disabled_at || profile.locked_at) {
        if (expired && profile) await users.recordSignedOut(actorFromUser(profile, 'web', String(req.id)), expired);
        await destroy(req);
        return res.redirect(303, `${paths.signIn}${expired ? '?expired=1' : ''}`);
      }
      s.lastSeenAt = clock.now().getTime();
      const actor: Actor = actorFromUser(profile, 'web', String(req.id));
      res.locals.actor = actor;
      res.locals.currentUser = { ...actor, teamName: profile.team_name, agencyName: profile.agency_name };
      res.locals.navigationItems = navigationFor(actor, req.path);
      if (profile.must_change_password && req.path !== paths.account.password && req.path !== paths.signOut) {
        return res.redirect(303, paths.account.password);
      }
      next();
    } catch (e) {
      next(e);
    }
  };
}

export function requireSignIn(req: express.Request, res: express.Response, next: express.NextFunction): void {
  if (res.locals.actor) return next();
  res.redirect(303, paths.signIn);
}

function navigationFor(actor: Actor, current: string) {
  const items: { href: string; text: string }[] = [{ href: paths.home, text: 'Home' }];
  if (can(actor, 'triage:view')) items.push({ href: paths.triage.queue, text: 'Triage' });
  if (can(actor, 'person:search')) items.push({ href: paths.people.search, text: 'People' });
  if (can(actor, 'case:view')) items.push({ href: paths.cases.list, text: 'Cases' });
  if (can(actor, 'person:link')) items.push({ href: paths.matches.queue, text: 'Possible matches' });
  if (can(actor, 'order:view')) items.push({ href: paths.orders.register, text: 'Orders' });
  if (can(actor, 'release:view')) items.push({ href: paths.releases.register, text: 'Releases' });
  if (can(actor, 'dvds:view')) items.push({ href: paths.dvds.list, text: "Clare's Law" });
  // The support programmes, in the navigation of those who run them (others reach them from person pages).
  if (can(actor, 'support:record')) items.push({ href: paths.alarms.register, text: 'Panic alarms' });
  if (can(actor, 'support:record')) items.push({ href: paths.secondResponder.list, text: 'Second Responder' });
  if (can(actor, 'victims-code:compliance')) items.push({ href: paths.victimsCode.compliance, text: "Victims' Code" });
  if (can(actor, 'enquiry:view')) items.push({ href: paths.enquiries.list, text: 'Enquiries' });
  if (can(actor, 'officer-advice:view')) items.push({ href: paths.officerAdvice.list, text: 'Officer advice' });
  if (can(actor, 'directory:search')) items.push({ href: paths.directory.list, text: 'Directory' });
  if (can(actor, 'referral:view')) items.push({ href: paths.referrals.list, text: 'Referrals' });
  if (can(actor, 'partner:referrals')) items.push({ href: paths.partner.referrals, text: 'Referrals to your agency' });
  if (can(actor, 'audit:verify')) items.push({ href: paths.audit.index, text: 'Audit' });
  if (can(actor, 'admin:users')) items.push({ href: paths.admin.users, text: 'Users' });
  if (can(actor, 'triage:settings')) items.push({ href: paths.triage.sla, text: 'Triage deadlines' });
  if (can(actor, 'victims-code:settings')) items.push({ href: paths.victimsCode.timeLimits, text: "Victims' Code limits" });
  if (can(actor, 'incident:import')) items.push({ href: paths.admin.imports, text: 'Imports' });
  if (can(actor, 'instrument:manage')) items.push({ href: paths.admin.instruments, text: 'Risk instruments' });
  if (can(actor, 'order:settings')) items.push({ href: paths.orders.regime, text: 'Order regime' });
  if (can(actor, 'directory:manage')) items.push({ href: paths.directory.manage, text: 'Directory' });
  if (can(actor, 'admin:organisation')) {
    items.push({ href: paths.admin.teams, text: 'Teams' }, { href: paths.admin.agencies, text: 'Agencies' });
  }
  return items.map((i) => ({ ...i, active: i.href === current || (i.href !== '/' && current.startsWith(i.href)) }));
}
