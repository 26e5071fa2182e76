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
  },
  incidents: {
    show: withId('/incidents/:id'),
  },
  audit: {
    index: '/audit',
    verify: '/audit/verify',
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
  },
  api: {
    openapi: '/api/v1/openapi.json',
    me: '/api/v1/me',
    person: withId('/api/v1/people/:id'),
    auditEvents: '/api/v1/audit-events',
  },
} as const;
