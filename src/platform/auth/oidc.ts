import * as client from 'openid-client';
import type { OidcConfig } from '../../config.ts';

/** What the callback must check against: kept in the server session between the redirect and the callback. */
export interface AuthorizationChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export type IdentityClaims = Record<string, unknown> & { sub: string };

/** The authorization response did not come from the request we started, or the provider refused it. */
export class AuthorizationFailed extends Error {}

const SCOPE = 'openid profile email';

/**
 * Authorization code flow with PKCE (S256), state and nonce against the force's identity provider.
 * The provider's metadata is discovered once and reused; a failed discovery is retried on the next sign-in.
 */
export class OidcClient {
  private configuration?: Promise<client.Configuration>;

  constructor(private readonly config: OidcConfig) {}

  async startSignIn(): Promise<{ url: URL; checks: AuthorizationChecks }> {
    const configuration = await this.discover();
    const checks = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.config.redirectUrl,
      scope: SCOPE,
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, checks };
  }

  /** Exchanges the code and returns the ID token's claims, completed from userinfo when it lacks the ones we map. */
  async finishSignIn(callbackQuery: string, checks: AuthorizationChecks, wanted: string[]): Promise<IdentityClaims> {
    const configuration = await this.discover();
    // The redirect URL as registered, not as this request reached us (a proxy may have rewritten host or scheme).
    const currentUrl = new URL(this.config.redirectUrl);
    currentUrl.search = callbackQuery;
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        pkceCodeVerifier: checks.codeVerifier,
        idTokenExpected: true,
      });
    } catch (e) {
      if (e instanceof client.AuthorizationResponseError || e instanceof client.ResponseBodyError)
        throw new AuthorizationFailed(e.error, { cause: e });
      // A wrong state or nonce, a bad signature, an expired token: the response cannot be trusted.
      if (e instanceof client.ClientError) throw new AuthorizationFailed(e.code ?? e.message, { cause: e });
      throw e;
    }
    const idToken = tokens.claims()!;
    const claims: IdentityClaims = { ...idToken };
    if (wanted.some((name) => !(name in claims)) && configuration.serverMetadata().userinfo_endpoint) {
      const userinfo = await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
      return { ...userinfo, ...claims };
    }
    return claims;
  }

  private discover(): Promise<client.Configuration> {
    this.configuration ??= client
      .discovery(
        new URL(this.config.issuer),
        this.config.clientId,
        undefined,
        this.config.clientSecret ? client.ClientSecretBasic(this.config.clientSecret) : client.None(),
        // Plain http is only possible outside production (config refuses it there): a provider on loopback in tests.
        { execute: new URL(this.config.issuer).protocol === 'http:' ? [client.allowInsecureRequests] : [] },
      )
      .catch((e: unknown) => {
        this.configuration = undefined;
        throw e;
      });
    return this.configuration;
  }
}
