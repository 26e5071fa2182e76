import http from 'node:http';
import type { AddressInfo } from 'node:net';
import crypto from 'node:crypto';
import Provider, { type OidcContext } from 'oidc-provider';

export type IdpAccounts = Record<string, Record<string, unknown>>;

export interface TestIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

/**
 * A real OpenID provider (oidc-provider) on a loopback port, standing in for the force's: one confidential
 * client that must use PKCE, consent granted by the force (as an administrator's consent would), and a
 * login step the test completes by choosing an account, as a person would by signing in.
 */
export async function startIdentityProvider(options: { redirectUri: string; accounts: IdpAccounts }): Promise<TestIdentityProvider> {
  const clientId = 'safeguard';
  const clientSecret = 'test-client-secret-not-used-anywhere-else';
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), alg: 'RS256', use: 'sig' }] },
    cookies: { keys: ['test-cookie-key-one'] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'roles', 'team'], email: ['email'] },
    findAccount: (_ctx: unknown, sub: string) =>
      options.accounts[sub] ? { accountId: sub, claims: () => ({ sub, ...options.accounts[sub] }) } : undefined,
    loadExistingGrant: async (ctx: OidcContext) => {
      const { client, session, provider: p } = ctx.oidc;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId) return p.Grant.find(grantId);
      const grant = new p.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid profile email');
      await grant.save();
      return grant;
    },
  });
  const callback = provider.callback();
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const login = /^\/interaction\/[\w-]+\/login\?account=([\w-]+)$/.exec(req.url ?? '');
    if (req.method === 'POST' && login) {
      provider
        .interactionFinished(req, res, { login: { accountId: login[1] } }, { mergeWithLastSubmission: false })
        .catch((e: Error) => res.writeHead(500).end(e.message));
      return;
    }
    if (req.method === 'GET' && req.url?.startsWith('/interaction/')) {
      provider
        .interactionDetails(req, res)
        .then((interaction) => res.writeHead(200, { 'content-type': 'text/plain' }).end(`prompt:${interaction.prompt.name}`))
        .catch((e: Error) => res.writeHead(500).end(e.message));
      return;
    }
    callback(req, res);
  });
  return {
    issuer,
    clientId,
    clientSecret,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * A browser at the provider: follows its redirects with its own cookies, signs in as `accountId` when asked,
 * and returns the URL the provider finally sends the browser to (the app's callback).
 */
export async function signInAtProvider(authorizationUrl: string, accountId: string): Promise<URL> {
  const cookies = new Map<string, string>();
  const origin = new URL(authorizationUrl).origin;
  let url = new URL(authorizationUrl);
  let method = 'GET';
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(url, {
      method,
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      const expired = attributes.some((a) => /^\s*expires=/i.test(a) && new Date(a.split('=')[1]).getTime() < Date.now());
      if (expired || value === '') cookies.delete(name.trim());
      else cookies.set(name.trim(), value);
    }
    const location = res.headers.get('location');
    if (location) {
      url = new URL(location, url);
      method = 'GET';
      if (url.origin !== origin) return url;
      continue;
    }
    const body = await res.text();
    if (res.status === 200 && body === 'prompt:login') {
      url = new URL(`${url.pathname}/login?account=${accountId}`, url);
      method = 'POST';
      continue;
    }
    throw new Error(`The identity provider answered ${res.status}: ${body.slice(0, 300)}`);
  }
  throw new Error('Too many redirects at the identity provider');
}
