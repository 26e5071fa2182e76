import type { Db } from '../platform/db/database.ts';
import { paths } from '../paths.ts';
import type { RouteInventoryEntry } from '../testing/routes.ts';
import type { ProofWorld } from './world.ts';
import type { ProofRoute } from './proofRoute.ts';
import { CASE_PROOF_ROUTES } from './caseRouteTable.ts';

export type { ProofRoute } from './proofRoute.ts';

const versionOf = async (db: Db, table: 'task' | 'possible_match', id: string) =>
  (await db.selectFrom(table).select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

const consultation = (subjects: (w: ProofWorld) => string[]) => ({ category: 'consultation' as const, subjects });
const people = (w: ProofWorld) => w.peopleInIncident;

export const PROOF_ROUTES: Record<string, ProofRoute> = {
  'GET /health': { as: 'anonymous', url: () => paths.health, answers: 'asset', audit: 'none' },
  'GET /assets/safeguard.css': { as: 'anonymous', url: () => '/assets/safeguard.css', answers: 'asset', audit: 'none' },
  'GET /assets/govuk-frontend.min.css': { as: 'anonymous', url: () => '/assets/govuk-frontend.min.css', answers: 'asset', audit: 'none' },
  'GET /assets/moj-frontend.min.css': { as: 'anonymous', url: () => '/assets/moj-frontend.min.css', answers: 'asset', audit: 'none' },
  'GET /assets/safeguard.js': { as: 'anonymous', url: () => '/assets/safeguard.js', answers: 'asset', audit: 'none' },
  'GET /assets/*path': { as: 'anonymous', url: () => '/assets/images/favicon.ico', answers: 'asset', audit: 'none' },

  // The API.
  'GET /api/v1/openapi.json': { as: 'api', url: () => paths.api.openapi, answers: 'json', audit: 'none' },
  'GET /api/v1/me': { as: 'api', url: () => paths.api.me, answers: 'json', audit: 'none' },
  'POST /api/v1/incidents': {
    as: 'api',
    url: () => '/api/v1/incidents',
    answers: 'json',
    body: () => ({
      sourceSystem: 'proof',
      sourceReference: 'PROOF-AUDIT',
      reportedAt: '2026-03-10T09:00:00Z',
      classification: 'Domestic abuse - assault',
      parties: [{ role: 'victim', person: { givenName: 'Odette', familyName: 'Lanyard', dateOfBirth: '1991-06-02', sex: 'female' } }],
    }),
    // The new person's id is only known once written: the sweep checks the event names the incident's victim.
    audit: { category: 'collection', subjects: () => [] },
  },
  'GET /api/v1/incidents/:id': {
    as: 'supervisor-api',
    url: (w) => `/api/v1/incidents/${w.incidentId}`,
    answers: 'json',
    audit: consultation(people),
  },
  'GET /api/v1/people/:id': {
    as: 'supervisor-api',
    url: (w) => paths.api.person({ id: w.victimId }),
    answers: 'json',
    audit: consultation((w) => [w.victimId]),
  },
  'GET /api/v1/people/:id/chronology': {
    as: 'supervisor-api',
    url: (w) => `${paths.api.person({ id: w.victimId })}/chronology`,
    answers: 'json',
    audit: consultation((w) => [w.victimId]),
  },
  'GET /api/v1/audit-events': {
    as: 'supervisor-api',
    url: (w) => `${paths.api.auditEvents}?personId=${w.victimId}`,
    answers: 'json',
    audit: consultation((w) => [w.victimId]),
  },

  // Signing in and out: no one's case data.
  'GET /sign-in': { as: 'anonymous', url: () => paths.signIn, answers: 'page', audit: 'none' },
  'POST /sign-in': {
    as: 'anonymous',
    url: () => paths.signIn,
    answers: 'page',
    body: () => ({ username: 'no.such.user', password: 'wrong password' }),
    audit: 'none',
  },
  'GET /sign-in/two-factor': { as: 'anonymous', url: () => paths.signInTwoFactor, answers: 'page', audit: 'none' },
  'POST /sign-in/two-factor': {
    as: 'anonymous',
    url: () => paths.signInTwoFactor,
    answers: 'page',
    body: () => ({ code: '123456' }),
    audit: 'none',
  },
  'GET /sign-in/oidc': { as: 'anonymous', url: () => paths.signInOidc, answers: 'page', audit: 'none' },
  'GET /sign-in/oidc/callback': { as: 'anonymous', url: () => paths.signInOidcCallback, answers: 'page', audit: 'none' },
  'POST /sign-out': { as: 'victimcare', url: () => paths.signOut, answers: 'page', body: () => ({}), audit: 'none' },
  'GET /signed-out': { as: 'anonymous', url: () => paths.signedOut, answers: 'page', audit: 'none' },
  'GET /account/password': { as: 'support', url: () => paths.account.password, answers: 'page', audit: 'none' },
  'POST /account/password': {
    as: 'support',
    url: () => paths.account.password,
    answers: 'page',
    body: () => ({ currentPassword: 'not the password', newPassword: 'a long new password 1', confirmPassword: 'a long new password 1' }),
    audit: 'none',
  },

  'GET /': { as: 'assessor', url: () => paths.home, answers: 'page', audit: 'none' },

  // People and possible matches.
  'GET /people': { as: 'assessor', url: () => paths.people.search, answers: 'page', audit: 'none' },
  'POST /people': {
    as: 'assessor',
    url: () => paths.people.search,
    answers: 'page',
    body: (w) => ({ name: `${w.fields.get('victim given name')} ${w.fields.get('victim family name')}` }),
    audit: consultation((w) => [w.victimId]),
  },
  'GET /people/:id': {
    as: 'assessor',
    url: (w) => paths.people.show({ id: w.victimId }),
    answers: 'page',
    audit: consultation((w) => [w.victimId]),
  },
  'GET /people/:id/audit': {
    as: 'supervisor',
    url: (w) => paths.people.auditLog({ id: w.victimId }),
    answers: 'page',
    audit: consultation((w) => [w.victimId]),
  },
  'GET /people/:id/merges': {
    as: 'researcher',
    url: (w) => paths.people.merges({ id: w.victimId }),
    answers: 'page',
    audit: consultation((w) => [w.victimId]),
  },
  'POST /people/:id/merges': {
    as: 'researcher',
    url: (w) => paths.people.merges({ id: w.victimId }),
    answers: 'page',
    // No merge stands: the sweep's valid-looking body names one that does not exist (refused, and nothing recorded).
    body: () => ({ merge: '00000000-0000-4000-8000-000000000000', reason: 'Recorded twice by mistake' }),
    audit: 'none',
  },
  'GET /possible-matches': {
    as: 'researcher',
    url: () => `${paths.matches.queue}?view=all`,
    answers: 'page',
    audit: consultation((w) => w.openMatchPeople),
  },
  'GET /possible-matches/:id': {
    as: 'researcher',
    url: (w) => paths.matches.show({ id: w.matchId }),
    answers: 'page',
    audit: consultation((w) => w.matchPeople),
  },
  'POST /possible-matches/:id': {
    as: 'researcher',
    url: (w) => paths.matches.show({ id: w.openMatchId }),
    answers: 'page',
    body: async (w, db) => ({ decision: 'relatives', reason: 'Sisters', version: await versionOf(db, 'possible_match', w.openMatchId) }),
    audit: { category: 'combination', subjects: (w) => w.openMatchPeople },
  },

  // Incidents, assessment and triage.
  'GET /incidents/:id': {
    as: 'assessor',
    url: (w) => paths.incidents.show({ id: w.incidentId }),
    answers: 'page',
    audit: consultation(people),
  },
  'GET /incidents/:id/assessment': {
    as: 'assessor',
    url: (w) => paths.incidents.assessment({ id: w.incidentId }),
    answers: 'page',
    audit: consultation(people),
  },
  'POST /incidents/:id/assessment/systems-checks': {
    as: 'researcher',
    url: (w) => paths.incidents.systemsChecks({ id: w.incidentId }),
    answers: 'page',
    body: async (w, db) => {
      const saved = await db.selectFrom('systems_check').select(['system', 'version']).where('incident_id', '=', w.incidentId).execute();
      return Object.fromEntries(
        saved.flatMap((s) => [
          [`result-${s.system}`, 'nothing-found'],
          [`version-${s.system}`, String(s.version)],
        ]),
      );
    },
    audit: { category: 'collection', subjects: people },
  },
  'POST /incidents/:id/assessment/screens/:screen': {
    as: 'researcher',
    url: (w) => paths.incidents.screen({ id: w.incidentId, screen: w.screen?.id ?? 'none-offered' }),
    answers: 'page',
    body: (w) => ({ version: '0', ...Object.fromEntries((w.screen?.fields ?? []).map((f) => [f, 'no'])) }),
    audit: { category: 'collection', subjects: people },
  },
  'POST /incidents/:id/assessment/grade': {
    as: 'assessor',
    url: (w) => paths.incidents.grade({ id: w.incidentId }),
    answers: 'page',
    body: async (w, db) => {
      const { version } = await db.selectFrom('incident').select('version').where('id', '=', w.incidentId).executeTakeFirstOrThrow();
      return { grade: 'medium', rationale: 'Reviewed after the research', incidentVersion: String(version) };
    },
    audit: { category: 'alteration', subjects: people },
  },
  // Lists name the people on them: the open triage item of the possible match's new record, say.
  'GET /triage': { as: 'assessor', url: () => paths.triage.queue, answers: 'page', audit: consultation((w) => [w.matchPeople[0]]) },
  'POST /triage/:id/claim': {
    as: 'assessor',
    url: (w) => paths.triage.claim({ id: w.secondTriageTaskId }),
    answers: 'page',
    body: async (w, db) => ({ version: String(await versionOf(db, 'task', w.secondTriageTaskId)) }),
    audit: { category: 'alteration', subjects: (w) => [w.matchPeople[0]] },
  },
  'POST /triage/:id/release': {
    as: 'assessor',
    url: (w) => paths.triage.release({ id: w.secondTriageTaskId }),
    answers: 'page',
    body: async (w, db) => ({ version: String(await versionOf(db, 'task', w.secondTriageTaskId)) }),
    audit: { category: 'alteration', subjects: (w) => [w.matchPeople[0]] },
  },
  'POST /triage/assign': {
    as: 'coordinator',
    url: () => paths.triage.assign,
    answers: 'page',
    body: async (w, db) => ({
      task: `${w.secondTriageTaskId}:${await versionOf(db, 'task', w.secondTriageTaskId)}`,
      assignee: (await db.selectFrom('app_user').select('id').where('username', '=', 'researcher').executeTakeFirstOrThrow()).id,
    }),
    audit: { category: 'alteration', subjects: (w) => [w.matchPeople[0]] },
  },
  'GET /admin/triage-sla': { as: 'admin', url: () => paths.triage.sla, answers: 'page', audit: 'none' },
  'POST /admin/triage-sla': {
    as: 'admin',
    url: () => paths.triage.sla,
    answers: 'page',
    body: () => ({ high: '24', medium: '72', standard: '168', version: '0' }),
    audit: 'none',
  },

  // Tasks.
  // The supervisor's done tasks: the district team's notice about the victim, which they closed in the world.
  'GET /tasks': {
    as: 'supervisor',
    url: () => `${paths.tasks.list}?scope=done`,
    answers: 'page',
    audit: consultation((w) => [w.victimId]),
  },
  'GET /tasks/:id': {
    as: 'assessor',
    url: (w) => paths.tasks.show({ id: w.encompassTaskId }),
    answers: 'page',
    audit: consultation((w) => [w.childIds[0]]),
  },
  'POST /tasks/:id/claim': {
    as: 'assessor',
    url: (w) => paths.tasks.claim({ id: w.openEncompassTaskId }),
    answers: 'page',
    body: async (w, db) => ({ version: String(await versionOf(db, 'task', w.openEncompassTaskId)) }),
    audit: { category: 'alteration', subjects: (w) => [w.childIds[2]] },
  },
  'POST /tasks/:id/complete': {
    as: 'supervisor',
    url: (w) => paths.tasks.complete({ id: w.genericTaskId }),
    answers: 'page',
    body: async (w, db) => ({ version: String(await versionOf(db, 'task', w.genericTaskId)), note: 'Done again' }),
    audit: 'none', // already done in the world: refused as a conflict, nothing to record
  },
  'POST /tasks/:id/sent-to-school': {
    as: 'assessor',
    url: (w) => paths.tasks.sentToSchool({ id: w.encompassTaskId }),
    answers: 'page',
    body: async (w, db) => ({ version: String(await versionOf(db, 'task', w.encompassTaskId)) }),
    audit: { category: 'disclosure', subjects: (w) => [w.childIds[0]] },
  },
  'GET /tasks/:id/school': {
    as: 'assessor',
    url: (w) => paths.tasks.school({ id: w.encompassTaskId }),
    answers: 'page',
    audit: consultation((w) => [w.childIds[0]]),
  },
  'POST /tasks/:id/school': {
    as: 'assessor',
    url: (w) => paths.tasks.school({ id: w.openEncompassTaskId }),
    answers: 'page',
    body: async (w, db) => ({
      version: String(await versionOf(db, 'task', w.openEncompassTaskId)),
      school: 'new',
      'school-name': 'Larch Wood Primary',
      'key-adult-name': 'Kim Ode',
      'key-adult-phone': '01632 960 777',
    }),
    audit: { category: 'alteration', subjects: (w) => [w.childIds[2]] },
  },
  'POST /tasks/:id/no-school': {
    as: 'assessor',
    url: (w) => paths.tasks.noSchool({ id: w.noSchoolTaskId }),
    answers: 'page',
    body: async (w, db) => ({
      version: String(await versionOf(db, 'task', w.noSchoolTaskId)),
      outcome: 'not-school-age',
      'checked-by': 'PC Ward',
      checks: 'other',
      'check-details': 'Asked the mother',
      'checked-day': '10',
      'checked-month': '3',
      'checked-year': '2026',
      'checked-time': '09:45',
    }),
    audit: 'none', // already closed in the world: refused as a conflict
  },
  'POST /tasks/:id/marac-referral': {
    as: 'coordinator',
    url: (w) => paths.tasks.maracReferral({ id: w.maracTaskId }),
    answers: 'page',
    body: async (w, db) => ({
      version: String(await versionOf(db, 'task', w.maracTaskId)),
      'referred-day': '10',
      'referred-month': '3',
      'referred-year': '2026',
      perpetrator: w.suspectId,
    }),
    audit: { category: 'disclosure', subjects: (w) => [w.victimId] },
  },

  // The audit trail.
  'GET /audit': { as: 'auditor', url: () => paths.audit.index, answers: 'page', audit: 'none' },
  'POST /audit/verify': { as: 'auditor', url: () => paths.audit.verify, answers: 'page', body: () => ({}), audit: 'none' },
  'GET /audit/events': {
    as: 'auditor',
    url: (w) => `${paths.audit.events}?personId=${w.victimId}`,
    answers: 'page',
    audit: consultation((w) => [w.victimId]),
  },
  'GET /audit/events/export.csv': {
    as: 'auditor',
    url: (w) => `${paths.audit.export}?personId=${w.victimId}`,
    answers: 'csv',
    // Read by the auditor inside the unit: a consultation of everyone in the log (a disclosure has a recipient outside).
    audit: consultation((w) => [w.victimId]),
  },
  'GET /audit/people': { as: 'auditor', url: () => paths.audit.people, answers: 'page', audit: 'none' },
  'POST /audit/people': {
    as: 'auditor',
    url: () => paths.audit.people,
    answers: 'page',
    body: (w) => ({ name: `${w.fields.get('victim given name')} ${w.fields.get('victim family name')}` }),
    audit: consultation((w) => [w.victimId]),
  },

  // Administration: staff accounts, organisation, imports and instruments.
  'GET /admin/users': { as: 'admin', url: () => paths.admin.users, answers: 'page', audit: 'none' },
  'GET /admin/users/new': { as: 'admin', url: () => paths.admin.newUser, answers: 'page', audit: 'none' },
  'POST /admin/users/new': {
    as: 'admin',
    url: () => paths.admin.newUser,
    answers: 'page',
    body: () => ({ username: 'proof.second', displayName: 'Pat Second', email: '', role: 'support', teamId: '', agencyId: '' }),
    audit: 'none',
  },
  'GET /admin/users/:id': { as: 'admin', url: (w) => paths.admin.user({ id: w.userId }), answers: 'page', audit: 'none' },
  'POST /admin/users/:id': {
    as: 'admin',
    url: (w) => paths.admin.user({ id: w.userId }),
    answers: 'page',
    body: async (w, db) => {
      const u = await db.selectFrom('app_user').select(['version', 'display_name']).where('id', '=', w.userId).executeTakeFirstOrThrow();
      return { displayName: u.display_name, email: '', role: 'support', teamId: '', agencyId: '', version: String(u.version) };
    },
    audit: 'none',
  },
  'POST /admin/users/:id/disable': {
    as: 'admin',
    url: (w) => paths.admin.disableUser({ id: w.userId }),
    answers: 'page',
    body: () => ({}),
    audit: 'none',
  },
  'POST /admin/users/:id/enable': {
    as: 'admin',
    url: (w) => paths.admin.enableUser({ id: w.userId }),
    answers: 'page',
    body: () => ({}),
    audit: 'none',
  },
  'POST /admin/users/:id/reset': {
    as: 'admin',
    url: (w) => paths.admin.resetUser({ id: w.userId }),
    answers: 'page',
    body: () => ({}),
    audit: 'none',
  },
  'GET /admin/teams': { as: 'admin', url: () => paths.admin.teams, answers: 'page', audit: 'none' },
  'POST /admin/teams': {
    as: 'admin',
    url: () => paths.admin.teams,
    answers: 'page',
    body: () => ({ code: 'proof-b', name: 'Proof B' }),
    audit: 'none',
  },
  'GET /admin/agencies': { as: 'admin', url: () => paths.admin.agencies, answers: 'page', audit: 'none' },
  'POST /admin/agencies': {
    as: 'admin',
    url: () => paths.admin.agencies,
    answers: 'page',
    body: () => ({ code: 'proof-b', name: 'Proof B', kind: 'housing' }),
    audit: 'none',
  },
  'GET /admin/imports': { as: 'admin', url: () => paths.admin.imports, answers: 'page', audit: 'none' },
  'POST /admin/imports': {
    as: 'admin',
    url: () => paths.admin.imports,
    answers: 'page',
    multipart: true,
    body: () => ({ format: 'csv' }),
    audit: 'none',
  },
  'GET /admin/imports/:id': {
    as: 'admin',
    url: (w) => paths.admin.importRun({ id: w.importRunId }),
    answers: 'page',
    audit: 'none',
  },
  'GET /admin/imports/:id/progress': {
    as: 'admin',
    url: (w) => paths.admin.importProgress({ id: w.importRunId }),
    answers: 'json',
    audit: 'none',
  },
  'GET /admin/instruments': { as: 'admin', url: () => paths.admin.instruments, answers: 'page', audit: 'none' },
  'GET /admin/instruments/new': {
    as: 'admin',
    url: (w) => `${paths.admin.newInstrumentVersion}?from=${w.instrument.code}&version=${w.instrument.version}`,
    answers: 'page',
    audit: 'none',
  },
  'POST /admin/instruments/new': {
    as: 'admin',
    url: () => paths.admin.newInstrumentVersion,
    answers: 'page',
    body: (w) => ({ from: w.instrument.code, fromVersion: w.instrument.version, code: 'dash-proof', title: 'Proof DASH' }),
    audit: 'none',
  },
  'GET /admin/instruments/:code/versions/:version': {
    as: 'admin',
    url: (w) => paths.admin.instrument(w.instrument),
    answers: 'page',
    audit: 'none',
  },

  ...CASE_PROOF_ROUTES,
};

export const routeKey = (r: RouteInventoryEntry) => `${r.method.toUpperCase()} ${r.path}`;

/** The table's row for a route; a route with none fails the suite, by name. */
export function proofRouteFor(r: RouteInventoryEntry): ProofRoute {
  const row = PROOF_ROUTES[routeKey(r)];
  if (!row) throw new Error(`${routeKey(r)} is not in the proof table: add this route to the proof table (src/proof/routeTable.ts)`);
  return row;
}

/** Routes the app serves that the table does not know, as one message naming each. */
export function unknownRoutes(inventory: RouteInventoryEntry[]): string[] {
  return inventory
    .filter((r) => !PROOF_ROUTES[routeKey(r)])
    .map((r) => `${routeKey(r)}: add this route to the proof table (src/proof/routeTable.ts)`);
}
