/** Every URL in the product, built in one place and used by routes, views and tests. */
const withId = (pattern: string) => {
  const build = (p: { id: string }) => pattern.replace(':id', encodeURIComponent(p.id));
  return Object.assign(build, { pattern });
};

export const paths = {
  home: '/',
  health: '/health',
  signIn: '/sign-in',
  signInTwoFactor: '/sign-in/two-factor',
  signInOidc: '/sign-in/oidc',
  signInOidcCallback: '/sign-in/oidc/callback',
  signOut: '/sign-out',
  signedOut: '/signed-out',
  account: {
    password: '/account/password',
    twoFactor: '/account/two-factor',
  },
  people: {
    search: '/people',
    show: withId('/people/:id'),
    auditLog: withId('/people/:id/audit'),
    merges: withId('/people/:id/merges'),
  },
  matches: {
    queue: '/possible-matches',
    show: withId('/possible-matches/:id'),
  },
  incidents: {
    show: withId('/incidents/:id'),
    assessment: withId('/incidents/:id/assessment'),
    systemsChecks: withId('/incidents/:id/assessment/systems-checks'),
    screen: Object.assign(
      (p: { id: string; screen: string }) => `/incidents/${encodeURIComponent(p.id)}/assessment/screens/${encodeURIComponent(p.screen)}`,
      {
        pattern: '/incidents/:id/assessment/screens/:screen',
      },
    ),
    grade: withId('/incidents/:id/assessment/grade'),
  },
  triage: {
    queue: '/triage',
    claim: withId('/triage/:id/claim'),
    release: withId('/triage/:id/release'),
    assign: '/triage/assign',
    sla: '/admin/triage-sla',
  },
  tasks: {
    list: '/tasks',
    show: withId('/tasks/:id'),
    claim: withId('/tasks/:id/claim'),
    complete: withId('/tasks/:id/complete'),
    sentToSchool: withId('/tasks/:id/sent-to-school'),
    school: withId('/tasks/:id/school'),
    noSchool: withId('/tasks/:id/no-school'),
    maracReferral: withId('/tasks/:id/marac-referral'),
  },
  // Each block below belongs to one module; add that module's paths inside its own block.
  cases: {
    list: '/cases',
    new: '/cases/new',
    show: withId('/cases/:id'),
    transfer: withId('/cases/:id/transfer'),
    close: withId('/cases/:id/close'),
    reopen: withId('/cases/:id/reopen'),
    newContact: withId('/cases/:id/contacts/new'),
    safeContact: withId('/cases/:id/safe-contact'),
    api: withId('/api/v1/cases/:id'),
  },
  victimsCode: {
    compliance: '/victims-code',
    ofCase: withId('/cases/:id/victims-code'),
  },
  referrals: {
    list: '/referrals',
    new: '/referrals/new',
    show: withId('/referrals/:id'),
  },
  partner: {
    referrals: '/partner/referrals',
    referral: withId('/partner/referrals/:id'),
  },
  directory: {
    list: '/directory',
    manage: '/admin/directory',
  },
  enquiries: {
    list: '/enquiries',
    new: '/enquiries/new',
    show: withId('/enquiries/:id'),
  },
  officerAdvice: {
    list: '/officer-advice',
    new: '/officer-advice/new',
  },
  audit: {
    index: '/audit',
    verify: '/audit/verify',
    events: '/audit/events',
    export: '/audit/events/export.csv',
    people: '/audit/people',
  },
  admin: {
    users: '/admin/users',
    newUser: '/admin/users/new',
    user: withId('/admin/users/:id'),
    disableUser: withId('/admin/users/:id/disable'),
    enableUser: withId('/admin/users/:id/enable'),
    resetUser: withId('/admin/users/:id/reset'),
    teams: '/admin/teams',
    agencies: '/admin/agencies',
    imports: '/admin/imports',
    importRun: withId('/admin/imports/:id'),
    importProgress: withId('/admin/imports/:id/progress'),
    instruments: '/admin/instruments',
    newInstrumentVersion: '/admin/instruments/new',
    instrument: Object.assign(
      (p: { code: string; version: string }) =>
        `/admin/instruments/${encodeURIComponent(p.code)}/versions/${encodeURIComponent(p.version)}`,
      { pattern: '/admin/instruments/:code/versions/:version' },
    ),
  },
  api: {
    openapi: '/api/v1/openapi.json',
    me: '/api/v1/me',
    person: withId('/api/v1/people/:id'),
    auditEvents: '/api/v1/audit-events',
  },
} as const;
