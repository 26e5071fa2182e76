import express from 'express';
import { can } from '../../domain/access/policy.ts';
import { actorOf, authorise } from '../../platform/auth/middleware.ts';
import { HttpError } from '../../platform/errors.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';
import { uuidSchema } from '../people/schemas.ts';

const ROLE_ORDER = ['victim', 'suspect', 'child', 'witness'];

/**
 * The incident page: the facts (when, where, classification, narrative, parties, grade if graded), read-only, for
 * every role that needs them, grading or not (a victim care officer reads the narrative here).
 */
export function incidentRoutes(services: Services): express.Router {
  const router = express.Router();
  router.get(paths.incidents.show.pattern, authorise(services, 'incident:view'), async (req, res) => {
    const id = uuidSchema.safeParse(req.params.id);
    if (!id.success) throw new HttpError(404, 'No such incident');
    const actor = actorOf(res);
    const found = await services.incidents.view(actor, id.data);
    if (!found) throw new HttpError(404, 'No such incident');
    const graded = found.riskAssessments.find((r) => r.assessor_grade);
    const officer = found.riskAssessments.find((r) => r.officer_grade);
    const rank = (role: string) => ROLE_ORDER.indexOf(role) + 1 || ROLE_ORDER.length + 1;
    res.render('incidents/views/incident.njk', {
      pageTitle: `Incident ${found.incident.reference}`,
      incident: found.incident,
      parties: [...found.parties].sort((a, b) => rank(a.role) - rank(b.role)),
      grade: graded?.assessor_grade ?? null,
      officerGrade: officer?.officer_grade ?? null,
      canViewPerson: can(actor, 'person:view'),
      canAssess: can(actor, 'assessment:view'),
    });
  });
  return router;
}
