import express from 'express';
import { govukErrors, singleError } from '../../platform/forms.ts';
import { totpUri } from '../../platform/auth/totp.ts';
import { passwordWeakness } from '../../platform/auth/passwords.ts';
import { destroy, regenerate, save } from '../../platform/auth/session.ts';
import { establishSession } from './establishSession.ts';
import { oidcRoutes } from './oidcRoutes.ts';
import { actorOf } from '../../platform/auth/middleware.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';
import { actorFromUser } from '../users/index.ts';
import { changePasswordSchema, signInSchema, totpSchema } from './schemas.ts';

/** Sign-in (password, then a second factor where required, or the force's identity provider), sign-out and the user's own account. */
export function authRoutes(services: Services): express.Router {
  const { users } = services;
  const router = express.Router();

  router.use(oidcRoutes(services));

  router.get(paths.signIn, (req, res) => {
    if (res.locals.actor) return res.redirect(303, paths.home);
    res.render('auth/views/sign-in.njk', {
      pageTitle: 'Sign in',
      expired: req.query.expired === '1',
      demoMode: services.demoMode,
      oidcProviderName: services.config.oidc?.providerName,
    });
  });

  router.post(paths.signIn, async (req, res) => {
    const render = (status: number, errors: object, values: object) =>
      res.status(status).render('auth/views/sign-in.njk', {
        pageTitle: 'Sign in',
        errors,
        values,
        demoMode: services.demoMode,
        oidcProviderName: services.config.oidc?.providerName,
      });
    const parsed = signInSchema.safeParse(req.body);
    if (!parsed.success) return render(422, govukErrors(parsed.error), { username: req.body?.username });
    const result = await users.signIn(parsed.data.username, parsed.data.password, String(req.id), req.ip);
    // One message for every refusal (wrong password, unknown or locked account, throttled address): nothing says
    // whether the account exists or is locked.
    if (result.kind !== 'signed-in') {
      return render(401, singleError('username', 'The username or password is not right'), { username: parsed.data.username });
    }
    const factor = users.needsSecondFactor(result.user);
    if (factor === 'none') return establishSession(services, req, res, result.user, 'password');
    await regenerate(req);
    req.session.pendingUserId = result.user.id;
    if (factor === 'set-up') req.session.proposedTotpSecret = users.proposeTotpSecret();
    await save(req);
    res.redirect(303, paths.signInTwoFactor);
  });

  const pendingUser = async (req: express.Request) => (req.session.pendingUserId ? users.findById(req.session.pendingUserId) : undefined);

  router.get(paths.signInTwoFactor, async (req, res) => {
    const user = await pendingUser(req);
    if (!user) return res.redirect(303, paths.signIn);
    const secret = req.session.proposedTotpSecret;
    res.render('auth/views/two-factor.njk', {
      pageTitle: secret ? 'Set up two-factor authentication' : 'Enter your security code',
      secret,
      uri: secret ? totpUri(secret, user.username) : undefined,
    });
  });

  router.post(paths.signInTwoFactor, async (req, res) => {
    const user = await pendingUser(req);
    if (!user || user.disabled_at || user.locked_at) return res.redirect(303, paths.signIn);
    const secret = req.session.proposedTotpSecret;
    const render = (errors: object) =>
      res.status(422).render('auth/views/two-factor.njk', {
        pageTitle: secret ? 'Set up two-factor authentication' : 'Enter your security code',
        secret,
        uri: secret ? totpUri(secret, user.username) : undefined,
        errors,
      });
    const parsed = totpSchema.safeParse(req.body);
    if (!parsed.success) return render(govukErrors(parsed.error));
    const ok = secret
      ? await users.enableTotp(actorFromUser(user, 'web', String(req.id)), user.id, secret, parsed.data.code)
      : await users.checkTotp(user, parsed.data.code, String(req.id), req.ip);
    if (!ok) return render(singleError('code', 'The security code is not right or has expired'));
    await establishSession(services, req, res, user, 'totp');
  });

  router.post(paths.signOut, async (req, res) => {
    if (res.locals.actor) await users.recordSignedOut(res.locals.actor, 'sign-out');
    await destroy(req);
    res.clearCookie(services.config.production ? '__Host-safeguard.sid' : 'safeguard.sid');
    res.redirect(303, paths.signedOut);
  });

  router.get(paths.signedOut, (_req, res) => res.render('auth/views/signed-out.njk', { pageTitle: 'You have signed out' }));

  router.get(paths.account.password, (req, res) => {
    actorOf(res);
    res.render('auth/views/change-password.njk', { pageTitle: 'Change your password' });
  });

  router.post(paths.account.password, async (req, res) => {
    const actor = actorOf(res);
    const render = (errors: object) =>
      res.status(422).render('auth/views/change-password.njk', { pageTitle: 'Change your password', errors });
    const parsed = changePasswordSchema.safeParse(req.body);
    if (!parsed.success) return render(govukErrors(parsed.error));
    const weakness = passwordWeakness(parsed.data.newPassword, actor.username);
    if (weakness) return render(singleError('newPassword', weakness));
    const changed = await users.changePassword(actor, actor.userId!, parsed.data.currentPassword, parsed.data.newPassword);
    if (!changed) return render(singleError('currentPassword', 'Your current password is not right'));
    // Every session of the user has ended (changePassword); this one carries on under a new id.
    const { userId, signedInAt } = req.session;
    await regenerate(req);
    Object.assign(req.session, { userId, signedInAt, lastSeenAt: services.clock.now().getTime() });
    req.session.flash = { text: 'Your password has been changed' };
    res.redirect(303, paths.home);
  });

  return router;
}
