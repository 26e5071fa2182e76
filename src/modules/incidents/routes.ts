import express from 'express';
import { can } from '../../domain/access/policy.ts';
import { actorOf } from '../../platform/auth/middleware.ts';
import { declaredRoutes } from '../../platform/auth/route.ts';
import { NotFound } from '../../platform/errors.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';
import { uuidSchema } from '../people/index.ts';
import { victimPanel } from '../cases/index.ts';
import { encompassOutcomeText } from '../../domain/safeguarding/encompassOutcome.ts';

const ROLE_ORDER = ['victim', 'suspect', 'child', 'witness'];

/**
 * The incident page: the facts (when, where, classification, narrative, parties, grade if graded), read-only, for
 * every role that needs them, grading or not (a victim care officer reads the narrative here).
 */
export function incidentRoutes(services: Services): express.Router {
  const router = express.Router();
  const route = declaredRoutes(router, services);
  // The incident is seen through its parties: a restricted party not open to the user is named "Restricted record".
  const access = {
    can: 'incident:view' as const,
    subjects: (req: express.Request) => services.incidents.peopleIn(String(req.params.id)),
    notTheRecord: true,
  };
  route.get(paths.incidents.show.pattern, access, async (req, res) => {
    const id = uuidSchema.safeParse(req.params.id);
    if (!id.success) throw new NotFound('No such incident');
    const actor = actorOf(res);
    const found = await services.incidents.view(actor, id.data);
    if (!found) throw new NotFound('No such incident');
    const closed = new Set(res.locals.access?.closed ?? []);
    const parties = found.parties.map((p) =>
      p.person_id && closed.has(p.person_id)
        ? { ...p, given_name: '', family_name: '', date_of_birth: null, details: {}, restricted: true }
        : p,
    );
    const graded = found.riskAssessments.find((r) => r.assessor_grade);
    const officer = found.riskAssessments.find((r) => r.officer_grade);
    const rank = (role: string) => ROLE_ORDER.indexOf(role) + 1 || ROLE_ORDER.length + 1;
    // Each child's Operation Encompass notice: whether the school was told, or why there was no school to tell.
    const nameOf = (personId: string | null) => {
      const p = parties.find((x) => x.person_id !== null && x.person_id === personId);
      return p ? `${(p.family_name ?? '').toUpperCase()}, ${p.given_name}` : 'Child not named';
    };
    const encompass = found.tasks
      .filter((t) => t.type === 'operation-encompass')
      .map((t) => ({
        id: t.id,
        child: nameOf(t.subject_person_id),
        dueAt: t.due_at,
        completedAt: t.completed_at,
        state: t.state,
        outcome:
          t.state === 'done'
            ? encompassOutcomeText(t.details as { sentTo?: string; outcome?: string })
            : t.state === 'open'
              ? 'Not done yet'
              : 'Cancelled',
      }));
    res.render('incidents/views/incident.njk', {
      pageTitle: `Incident ${found.incident.reference}`,
      incident: found.incident,
      parties: [...parties].sort((a, b) => rank(a.role) - rank(b.role)),
      grade: graded?.assessor_grade ?? null,
      officerGrade: officer?.officer_grade ?? null,
      canViewPerson: can(actor, 'person:view'),
      canAssess: can(actor, 'assessment:view'),
      canViewTasks: can(actor, 'task:view'),
      encompass,
      canRefer: can(actor, 'referral:create'),
      referrals: can(actor, 'referral:view') ? await services.referrals.ofIncident(found.incident.id) : [],
      officerAdvice: can(actor, 'officer-advice:view') ? await services.officerAdvice.ofIncident(actor, found.incident.id) : undefined,
      canRecordAdvice: can(actor, 'officer-advice:record'),
      ...(await victimPanel(services, actor, found.parties.find((p) => p.role === 'victim')?.person_id ?? undefined, found.incident.id)),
    });
  });
  return router;
}
