import express from 'express';
import { can } from '../../domain/access/policy.ts';
import { ROLE_NAMES } from '../../domain/access/roles.ts';
import { HOME_TASK_LIMIT } from '../tasks/index.ts';
import { HOME_REFERRAL_LIMIT } from '../referrals/index.ts';
import { actorOf } from '../../platform/auth/middleware.ts';
import { guard } from '../../platform/auth/route.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';

export function homeRoutes(services: Services): express.Router {
  const router = express.Router();
  router.get(paths.home, guard(services, { can: 'home:view' }), async (req, res) => {
    const actor = actorOf(res);
    const flash = req.session.flash;
    delete req.session.flash;
    res.render('home/views/home.njk', {
      pageTitle: 'Home',
      roleName: ROLE_NAMES[actor.role as keyof typeof ROLE_NAMES],
      role: actor.role,
      summary: await services.home.workSummary(actor),
      victimUpdates: await services.home.victimUpdatesDue(actor),
      cases: await services.cases.homeFor(actor),
      tasks: can(actor, 'task:view')
        ? await services.tasks.list(actor, 'all', 1, HOME_TASK_LIMIT, await services.access.listScope(actor, 'task:view'))
        : undefined,
      partnerReferrals: can(actor, 'partner:referrals')
        ? await services.referrals.listForPartner(actor, { status: 'sent', limit: HOME_REFERRAL_LIMIT })
        : undefined,
      flash,
    });
  });
  return router;
}
