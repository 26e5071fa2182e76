import type express from 'express';
import { regenerate, save } from '../../platform/auth/session.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';
import type { UserRow } from '../users/index.ts';

export type SignInMethod = 'password' | 'totp' | 'oidc';

/** The one way a session becomes signed in, whatever proved who the user is. */
export async function establishSession(
  services: Pick<Services, 'clock' | 'users'>,
  req: express.Request,
  res: express.Response,
  user: UserRow,
  method: SignInMethod,
): Promise<void> {
  await regenerate(req); // a new session id at sign-in: no fixation
  const now = services.clock.now().getTime();
  req.session.userId = user.id;
  req.session.signedInAt = now;
  req.session.lastSeenAt = now;
  await save(req);
  await services.users.recordSignedIn(user, method, String(req.id));
  res.redirect(303, user.must_change_password ? paths.account.password : paths.home);
}
