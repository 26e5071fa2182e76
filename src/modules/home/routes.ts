import express from 'express';
import { ROLE_NAMES } from '../../domain/access/roles.ts';
import { actorOf, authorise } from '../../platform/auth/middleware.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';

export function homeRoutes(services: Services): express.Router {
  const router = express.Router();
  router.get(paths.home, authorise(services, 'home:view'), async (req, res) => {
    const actor = actorOf(res);
    const flash = req.session.flash;
    delete req.session.flash;
    res.render('home/views/home.njk', {
      pageTitle: 'Home',
      roleName: ROLE_NAMES[actor.role as keyof typeof ROLE_NAMES],
      role: actor.role,
      summary: await services.home.workSummary(actor),
      flash,
    });
  });
  return router;
}
