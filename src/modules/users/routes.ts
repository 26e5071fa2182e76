import express from 'express';
import { ROLES, ROLE_NAMES } from '../../domain/access/roles.ts';
import { actorOf } from '../../platform/auth/middleware.ts';
import { guard } from '../../platform/auth/route.ts';
import { NotFound } from '../../platform/errors.ts';
import { govukErrors, singleError } from '../../platform/forms.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';
import { uuidSchema } from '../people/index.ts';
import { AGENCY_KINDS, agencySchema, teamSchema, userChangesSchema, userSchema } from './schemas.ts';
import { ConcurrentChangeError, ValidationError, type UserChanges } from './service.ts';
import { lockStands } from '../../domain/access/lockout.ts';

interface ConflictRow {
  field: string;
  saved: string;
  yours: string;
  differs?: boolean;
}

/** The administrator's pages: users, teams and partner agencies. */
export function adminRoutes(services: Services): express.Router {
  const router = express.Router();
  const { users } = services;
  const canManageUsers = guard(services, { can: 'admin:users', category: 'alteration' });
  const canManageOrganisation = guard(services, { can: 'admin:organisation', category: 'alteration' });

  const options = async () => {
    const [teams, agencies] = await Promise.all([users.listTeams(), users.listAgencies()]);
    return {
      roleItems: ROLES.map((r) => ({ value: r, text: ROLE_NAMES[r] })),
      teamItems: [{ value: '', text: 'No team' }, ...teams.map((t) => ({ value: t.id, text: t.name }))],
      agencyItems: [{ value: '', text: 'Not a partner user' }, ...agencies.map((a) => ({ value: a.id, text: a.name }))],
    };
  };
  const withSelected = (items: { value: string; text: string }[], value: unknown) =>
    items.map((i) => ({ ...i, selected: i.value === (value ?? '') }));
  const formErrors = (e: unknown) => {
    if (e instanceof ValidationError) return singleError(e.field, e.message);
    throw e;
  };

  router.get(paths.admin.users, canManageUsers, async (req, res) => {
    const flash = req.session.flash;
    delete req.session.flash;
    res.render('users/views/users.njk', { pageTitle: 'Users', users: await users.listUsers(), flash });
  });

  const renderNew = async (res: express.Response, status: number, values: Record<string, unknown>, errors?: object) => {
    const o = await options();
    res.status(status).render('users/views/new-user.njk', {
      pageTitle: 'Add a user',
      values,
      errors,
      roleItems: withSelected([{ value: '', text: 'Select a role' }, ...o.roleItems], values.role),
      teamItems: withSelected(o.teamItems, values.teamId),
      agencyItems: withSelected(o.agencyItems, values.agencyId),
    });
  };

  router.get(paths.admin.newUser, canManageUsers, (_req, res) => renderNew(res, 200, {}));

  router.post(paths.admin.newUser, canManageUsers, async (req, res) => {
    const parsed = userSchema.safeParse(req.body);
    if (!parsed.success) return renderNew(res, 422, req.body, govukErrors(parsed.error));
    try {
      const created = await users.createUser(actorOf(res), parsed.data);
      res.render('users/views/user-created.njk', {
        pageTitle: 'User added',
        username: parsed.data.username,
        temporaryPassword: created.temporaryPassword,
        id: created.id,
      });
    } catch (e) {
      return renderNew(res, 422, req.body, formErrors(e));
    }
  });

  const userId = (req: express.Request) => {
    const parsed = uuidSchema.safeParse(req.params.id);
    if (!parsed.success) throw new NotFound('No such user');
    return parsed.data;
  };

  const renderUser = async (
    res: express.Response,
    id: string,
    status = 200,
    values?: Record<string, unknown>,
    errors?: object,
    conflict?: ConflictRow[],
  ) => {
    const user = await users.profile(id);
    if (!user) throw new NotFound('No such user');
    const v = values ?? {
      displayName: user.display_name,
      email: user.email ?? '',
      role: user.role,
      teamId: user.team_id,
      agencyId: user.agency_id,
      version: user.version,
    };
    const o = await options();
    res.status(status).render('users/views/user.njk', {
      pageTitle: `User ${user.username}`,
      user,
      locked: lockStands(user.locked_at, services.clock.now()),
      values: v,
      errors,
      conflict,
      roleItems: withSelected(o.roleItems, v.role),
      teamItems: withSelected(o.teamItems, v.teamId),
      agencyItems: withSelected(o.agencyItems, v.agencyId),
    });
  };

  /**
   * Someone saved the user first: the page shows what is saved now beside what this administrator sent, with the
   * form holding their values against the new version, so saving again is a decision made with both in view.
   */
  const renderConflict = async (res: express.Response, id: string, theirs: UserChanges) => {
    const saved = await users.profile(id);
    if (!saved) throw new NotFound('No such user');
    const o = await options();
    const nameIn = (items: { value: string; text: string }[], value: string | null | undefined) =>
      items.find((i) => i.value === (value ?? ''))?.text ?? '';
    const rows: ConflictRow[] = [
      { field: 'Full name', saved: saved.display_name, yours: theirs.displayName },
      { field: 'Email', saved: saved.email ?? '', yours: theirs.email ?? '' },
      { field: 'Role', saved: nameIn(o.roleItems, saved.role), yours: nameIn(o.roleItems, theirs.role) },
      { field: 'Team', saved: nameIn(o.teamItems, saved.team_id), yours: nameIn(o.teamItems, theirs.teamId) },
      { field: 'Partner agency', saved: nameIn(o.agencyItems, saved.agency_id), yours: nameIn(o.agencyItems, theirs.agencyId) },
    ].map((r) => ({ ...r, differs: r.saved !== r.yours }));
    const message =
      'Someone else changed this user while you were editing. Your changes were not saved: compare them with what is saved now, then save again or leave it.';
    return renderUser(res, id, 409, { ...theirs, version: saved.version }, singleError('displayName', message), rows);
  };

  router.get(paths.admin.user.pattern, canManageUsers, async (req, res) => renderUser(res, userId(req)));

  router.post(paths.admin.user.pattern, canManageUsers, async (req, res) => {
    const id = userId(req);
    const parsed = userChangesSchema.safeParse(req.body);
    if (!parsed.success) return renderUser(res, id, 422, req.body, govukErrors(parsed.error));
    try {
      await users.updateUser(actorOf(res), id, {
        ...parsed.data,
        teamId: parsed.data.teamId ?? null,
        agencyId: parsed.data.agencyId ?? null,
      });
    } catch (e) {
      if (e instanceof ConcurrentChangeError) return renderConflict(res, id, parsed.data);
      return renderUser(res, id, 422, req.body, formErrors(e));
    }
    req.session.flash = { text: 'User updated. Their sessions have ended so the change takes effect at once.' };
    res.redirect(303, paths.admin.users);
  });

  const userAction = (pattern: string, act: (actor: ReturnType<typeof actorOf>, id: string) => Promise<string>) =>
    router.post(pattern, canManageUsers, async (req, res) => {
      const id = userId(req);
      try {
        req.session.flash = { text: await act(actorOf(res), id) };
      } catch (e) {
        if (e instanceof ValidationError) return renderUser(res, id, 422, undefined, singleError('user', e.message));
        throw e;
      }
      res.redirect(303, paths.admin.users);
    });

  userAction(paths.admin.disableUser.pattern, async (actor, id) => {
    await users.setDisabled(actor, id, true);
    return 'User disabled. Their sessions have ended and their API tokens no longer work.';
  });
  userAction(paths.admin.enableUser.pattern, async (actor, id) => {
    await users.setDisabled(actor, id, false);
    return 'User enabled.';
  });

  router.post(paths.admin.resetUser.pattern, canManageUsers, async (req, res) => {
    const id = userId(req);
    const user = await users.profile(id);
    if (!user) throw new NotFound('No such user');
    const temporaryPassword = await users.resetUser(actorOf(res), id);
    res.render('users/views/user-created.njk', { pageTitle: 'Account reset', reset: true, username: user.username, temporaryPassword, id });
  });

  const renderTeams = async (res: express.Response, status = 200, values: object = {}, errors?: object) =>
    res.status(status).render('users/views/teams.njk', { pageTitle: 'Teams', teams: await users.listTeams(), values, errors });
  router.get(paths.admin.teams, canManageOrganisation, (_req, res) => renderTeams(res));
  router.post(paths.admin.teams, canManageOrganisation, async (req, res) => {
    const parsed = teamSchema.safeParse(req.body);
    if (!parsed.success) return renderTeams(res, 422, req.body, govukErrors(parsed.error));
    try {
      await users.createTeam(actorOf(res), parsed.data);
    } catch (e) {
      return renderTeams(res, 422, req.body, formErrors(e));
    }
    res.redirect(303, paths.admin.teams);
  });

  const kindItems = (selected?: unknown) => [
    { value: '', text: 'Select the kind of agency' },
    ...AGENCY_KINDS.map((k) => ({ value: k, text: k.replace(/-/g, ' '), selected: k === selected })),
  ];
  const renderAgencies = async (res: express.Response, status = 200, values: Record<string, unknown> = {}, errors?: object) =>
    res.status(status).render('users/views/agencies.njk', {
      pageTitle: 'Partner agencies',
      agencies: await users.listAgencies(),
      values,
      errors,
      kindItems: kindItems(values.kind),
    });
  router.get(paths.admin.agencies, canManageOrganisation, (_req, res) => renderAgencies(res));
  router.post(paths.admin.agencies, canManageOrganisation, async (req, res) => {
    const parsed = agencySchema.safeParse(req.body);
    if (!parsed.success) return renderAgencies(res, 422, req.body, govukErrors(parsed.error));
    try {
      await users.createAgency(actorOf(res), parsed.data);
    } catch (e) {
      return renderAgencies(res, 422, req.body, formErrors(e));
    }
    res.redirect(303, paths.admin.agencies);
  });

  return router;
}
