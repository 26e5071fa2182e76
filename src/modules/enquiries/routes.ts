import express from 'express';
import { ENQUIRY_DECISIONS, LAWFUL_BASES, enquiryDecisionName, lawfulBasisName } from '../../domain/enquiries/enquiries.ts';
import { actorOf } from '../../platform/auth/middleware.ts';
import { authorise } from '../../platform/auth/route.ts';
import { HttpError } from '../../platform/errors.ts';
import { fieldErrors, govukErrors, singleError, type GovukErrors } from '../../platform/forms.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';
import { decisionSchema, enquirySchema } from './schemas.ts';
import { ENQUIRY_PAGE_SIZE, EnquiryChanged, EnquiryRejected, NoSuchEnquiry, type EnquiryListFilter } from './service.ts';

type Form = Record<string, unknown>;
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);

const rejectedErrors = (e: EnquiryRejected): GovukErrors => fieldErrors(e.problems);

const STATUSES = ['open', 'answered', 'all'] as const;

/** The enquiries register: requests for information from other teams and agencies, decided and disclosed. */
export function enquiryRoutes(services: Services): express.Router {
  const router = express.Router();
  const { enquiries } = services;
  const canView = authorise(services, 'enquiry:view');
  const canRecord = authorise(services, 'enquiry:record', 'collection');
  const canDecide = authorise(services, 'enquiry:decide', 'alteration');
  const lawfulBases = LAWFUL_BASES.map((b) => ({ value: b.code, text: b.name }));
  const labels = { lawfulBasis: lawfulBasisName, decision: enquiryDecisionName };

  router.get(paths.enquiries.list, canView, async (req, res) => {
    const status = (STATUSES as readonly string[]).includes(text(req.query.status))
      ? (text(req.query.status) as EnquiryListFilter['status'])
      : 'open';
    const page = Math.min(10_000, Math.max(1, Number.parseInt(text(req.query.page), 10) || 1));
    const filter: EnquiryListFilter = {
      status,
      overdue: req.query.overdue === 'yes',
      organisation: text(req.query.organisation).slice(0, 100) || undefined,
      page,
    };
    const { enquiries: rows, total } = await enquiries.list(actorOf(res), filter);
    const query = (p: number) =>
      `${paths.enquiries.list}?${new URLSearchParams({ status, ...(filter.overdue && { overdue: 'yes' }), ...(filter.organisation && { organisation: filter.organisation }), page: String(p) })}`;
    const pages = Math.max(1, Math.ceil(total / ENQUIRY_PAGE_SIZE));
    const flash = req.session.flash;
    delete req.session.flash;
    res.render('enquiries/views/list.njk', {
      pageTitle: 'Enquiries register',
      filter,
      enquiries: rows.map((e) => ({ ...e, decisionName: e.decision && enquiryDecisionName(e.decision) })),
      total,
      counts: await enquiries.counts(),
      tabs: STATUSES.map((s) => ({ value: s, href: `${paths.enquiries.list}?status=${s}`, active: s === status && !filter.overdue })),
      pagination:
        pages > 1
          ? { previous: page > 1 ? query(page - 1) : undefined, next: page < pages ? query(page + 1) : undefined, page, pages }
          : undefined,
      flash,
    });
  });

  const renderNew = async (
    res: express.Response,
    status: number,
    values: Form,
    view: { errors?: GovukErrors; searched?: boolean } = {},
  ) => {
    const actor = actorOf(res);
    const chosenIds = asList(values.personIds);
    const chosen = await enquiries.chosenPeople(actor, chosenIds);
    const personName = text(values.personName);
    const found =
      view.searched && personName
        ? await enquiries.findPeople(actor, personName, await services.access.listScope(actor, 'person:search'))
        : undefined;
    const chosenSet = new Set(chosen.map((p) => p.id));
    const candidates = [
      ...chosen.map((p) => ({ ...p, checked: true })),
      ...(found?.people ?? [])
        .filter((p) => !chosenSet.has(p.id))
        .map((p) => ({ id: p.id, givenName: p.given_name, familyName: p.family_name, dateOfBirth: p.date_of_birth, checked: false })),
    ];
    res.status(status).render('enquiries/views/new.njk', {
      pageTitle: 'Record an enquiry',
      values,
      errors: view.errors,
      lawfulBases: lawfulBases.map((b) => ({ ...b, selected: values.lawfulBasis === b.value })),
      candidates,
      searched: view.searched && personName !== '',
      foundNone: found !== undefined && found.people.length === 0,
      moreFound: found?.more === true,
      responseWorkingDays: await enquiries.responseWorkingDays(),
    });
  };

  router.get(paths.enquiries.new, canRecord, (_req, res) => renderNew(res, 200, {}));

  router.post(paths.enquiries.new, canRecord, async (req, res) => {
    const body = req.body as Form;
    if (body.action === 'search') {
      if (!text(body.personName)) {
        return renderNew(res, 422, body, { errors: singleError('personName', 'Enter a name to search for') });
      }
      return renderNew(res, 200, body, { searched: true });
    }
    const parsed = enquirySchema.safeParse(body);
    if (!parsed.success) return renderNew(res, 422, body, { errors: govukErrors(parsed.error) });
    try {
      const saved = await enquiries.record(actorOf(res), parsed.data);
      req.session.flash = { text: `Enquiry ${saved.reference} recorded.` };
      res.redirect(303, paths.enquiries.show({ id: saved.id }));
    } catch (e) {
      if (!(e instanceof EnquiryRejected)) throw e;
      renderNew(res, 422, body, { errors: rejectedErrors(e) });
    }
  });

  const renderShow = async (req: express.Request, res: express.Response, status: number, values: Form = {}, errors?: GovukErrors) => {
    const enquiry = await enquiries.view(actorOf(res), text(req.params.id));
    if (!enquiry) throw new HttpError(404, 'No such enquiry');
    const flash = req.session.flash;
    delete req.session.flash;
    res.status(status).render('enquiries/views/enquiry.njk', {
      pageTitle: `Enquiry ${enquiry.reference}`,
      enquiry,
      labels: { lawfulBasis: labels.lawfulBasis(enquiry.lawfulBasis), decision: enquiry.decision && labels.decision(enquiry.decision) },
      decisions: ENQUIRY_DECISIONS.map((d) => ({ value: d.code, text: d.name, checked: values.decision === d.code })),
      values,
      errors,
      flash,
    });
  };

  router.get(paths.enquiries.show.pattern, canView, (req, res) => renderShow(req, res, 200));

  router.post(paths.enquiries.decision.pattern, canDecide, async (req, res) => {
    const body = req.body as Form;
    const parsed = decisionSchema.safeParse(body);
    if (!parsed.success) return renderShow(req, res, 422, body, govukErrors(parsed.error));
    try {
      await enquiries.decide(actorOf(res), text(req.params.id), parsed.data);
    } catch (e) {
      if (e instanceof NoSuchEnquiry) throw new HttpError(404, 'No such enquiry');
      if (e instanceof EnquiryRejected) return renderShow(req, res, 422, body, rejectedErrors(e));
      if (e instanceof EnquiryChanged) {
        return renderShow(req, res, 409, body, {
          description: 'Nothing you entered was saved.',
          errorList: [{ text: `${e.message}: read the decision recorded below`, href: '#decision-summary' }],
          fields: {},
        });
      }
      throw e;
    }
    req.session.flash = { text: 'Decision recorded.' };
    res.redirect(303, paths.enquiries.show({ id: text(req.params.id) }));
  });

  return router;
}
