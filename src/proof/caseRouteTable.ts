import type { Db } from '../platform/db/database.ts';
import { paths } from '../paths.ts';
import type { ProofRoute } from './proofRoute.ts';
import type { ProofWorld } from './world.ts';

/**
 * The proof table's rows for the case work (cases and contacts, the Victims' Code, the order register, enquiries,
 * officer advice, the directory and signposting, record access, referrals and the partner portal, and their API),
 * driven against the records of `buildCaseWorld` (worldRecords.ts). Spread into PROOF_ROUTES.
 */
type Versioned = 'safeguarding_case' | 'protective_order' | 'enquiry' | 'directory_service' | 'referral' | 'victim_update_obligation';
const versionOf = async (db: Db, table: Versioned, id: string) =>
  String((await db.selectFrom(table).select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);
const victimsCodeVersion = async (db: Db, caseId: string) =>
  String((await db.selectFrom('victims_code_case').select('version').where('case_id', '=', caseId).executeTakeFirst())?.version ?? 0);
const settingVersion = async (db: Db, key: string) =>
  String((await db.selectFrom('setting').select('version').where('key', '=', key).executeTakeFirst())?.version ?? 0);
const alarmVersion = async (db: Db, id: string) =>
  String((await db.selectFrom('panic_alarm').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);
const visitVersion = async (db: Db, id: string) =>
  String((await db.selectFrom('second_responder_visit').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);
const teamOf = async (db: Db, username: string) =>
  (await db.selectFrom('app_user').select('team_id').where('username', '=', username).executeTakeFirstOrThrow()).team_id ?? '';
const incidentOf = async (db: Db, sourceReference: string) =>
  (await db.selectFrom('incident').select('id').where('source_reference', '=', sourceReference).executeTakeFirstOrThrow()).id;

const consultation = (subjects: (w: ProofWorld) => string[]) => ({ category: 'consultation' as const, subjects });
const collection = (subjects: (w: ProofWorld) => string[]) => ({ category: 'collection' as const, subjects });
const alteration = (subjects: (w: ProofWorld) => string[]) => ({ category: 'alteration' as const, subjects });
const disclosure = (subjects: (w: ProofWorld) => string[]) => ({ category: 'disclosure' as const, subjects });
const victim = (w: ProofWorld) => [w.victimId];
/** An order's people: the suspect it is against and the victim it protects. */
const orderPeople = (w: ProofWorld) => [w.suspectId, w.victimId];
const dvdsPeople = (w: ProofWorld) => [w.victimId, w.suspectId];
const restricted = (w: ProofWorld) => [w.restrictedPersonId];
const date = (prefix: string, day: string, time?: string) => ({
  [`${prefix}-day`]: day,
  [`${prefix}-month`]: '3',
  [`${prefix}-year`]: '2026',
  ...(time ? { [`${prefix}-time`]: time } : {}),
});

export const CASE_PROOF_ROUTES: Record<string, ProofRoute> = {
  // Safeguarding cases and contacts.
  'GET /cases': { as: 'supervisor', url: () => `${paths.cases.list}?whose=all`, answers: 'page', audit: consultation(victim) },
  // A case for the Morwenna Tregear of the pair's second incident: the world's victim has hers already.
  'GET /cases/new': {
    as: 'supervisor',
    url: (w) => `${paths.cases.new}?personId=${w.matchPeople[0]}&incidentId=${w.secondIncidentId}`,
    answers: 'page',
    audit: consultation((w) => [w.matchPeople[0]]),
  },
  'POST /cases/new': {
    as: 'supervisor',
    url: () => paths.cases.new,
    answers: 'page',
    body: async (w, db) => ({
      personId: w.matchPeople[0],
      incidents: w.secondIncidentId,
      owner: '',
      team: await teamOf(db, 'victimcare'),
      enhancedRights: 'yes',
    }),
    audit: collection((w) => [w.matchPeople[0]]),
  },
  'GET /cases/:id': { as: 'supervisor', url: (w) => paths.cases.show({ id: w.caseId }), answers: 'page', audit: consultation(victim) },
  'GET /cases/:id/transfer': {
    as: 'supervisor',
    url: (w) => paths.cases.transfer({ id: w.caseId }),
    answers: 'page',
    audit: consultation(victim),
  },
  'POST /cases/:id/transfer': {
    as: 'supervisor',
    url: (w) => paths.cases.transfer({ id: w.caseId }),
    answers: 'page',
    body: async (w, db) => ({
      version: await versionOf(db, 'safeguarding_case', w.caseId),
      owner: '',
      team: w.teamId,
      reason: 'She has moved into the proof team’s area',
    }),
    audit: alteration(victim),
  },
  'GET /cases/:id/close': {
    as: 'supervisor',
    url: (w) => paths.cases.close({ id: w.caseId }),
    answers: 'page',
    audit: consultation(victim),
  },
  'POST /cases/:id/close': {
    as: 'supervisor',
    url: (w) => paths.cases.close({ id: w.caseId }),
    answers: 'page',
    body: async (w, db) => ({ version: await versionOf(db, 'safeguarding_case', w.caseId), reason: 'risk-reduced' }),
    audit: alteration(victim),
  },
  'POST /cases/:id/reopen': {
    as: 'supervisor',
    url: (w) => paths.cases.reopen({ id: w.caseId }),
    answers: 'page',
    body: async (w, db) => ({ version: await versionOf(db, 'safeguarding_case', w.caseId), reason: 'She called again: new threats' }),
    audit: alteration(victim),
  },
  'GET /cases/:id/contacts/new': {
    as: 'supervisor',
    url: (w) => paths.cases.newContact({ id: w.caseId }),
    answers: 'page',
    audit: consultation(victim),
  },
  'POST /cases/:id/contacts/new': {
    as: 'supervisor',
    url: (w) => paths.cases.newContact({ id: w.caseId }),
    answers: 'page',
    body: () => ({
      method: 'call',
      direction: 'incoming',
      ...date('occurred', '10', '09:10'),
      withWhom: 'The victim',
      outcome: 'spoke',
      notes: 'She is safe at her sister’s',
    }),
    audit: collection(victim),
  },
  'GET /cases/:id/safe-contact': {
    as: 'supervisor',
    url: (w) => paths.cases.safeContact({ id: w.caseId }),
    answers: 'page',
    audit: consultation(victim),
  },
  'POST /cases/:id/safe-contact': {
    as: 'supervisor',
    url: (w) => paths.cases.safeContact({ id: w.caseId }),
    answers: 'page',
    body: async (w, db) => ({
      version: String(
        (await db.selectFrom('person_safe_contact').select('version').where('person_id', '=', w.victimId).executeTakeFirst())?.version ?? 0,
      ),
      method: 'Text her sister first',
      phone: '07700 900789',
    }),
    audit: alteration(victim),
  },
  'POST /api/v1/cases': {
    as: 'supervisor-api',
    url: () => '/api/v1/cases',
    answers: 'json',
    // The first Morwenna Tregear (PROOF-3), who has no case.
    body: async (w, db) => ({ victimPersonId: w.openMatchPeople[1], incidentIds: [await incidentOf(db, 'PROOF-3')] }),
    audit: collection((w) => [w.openMatchPeople[1]]),
  },
  'GET /api/v1/cases/:id': {
    as: 'supervisor-api',
    url: (w) => paths.cases.api({ id: w.caseId }),
    answers: 'json',
    audit: consultation(victim),
  },

  // The Victims' Code.
  'GET /cases/:id/victims-code': {
    as: 'supervisor',
    url: (w) => paths.victimsCode.ofCase({ id: w.caseId }),
    answers: 'page',
    audit: consultation(victim),
  },
  'POST /cases/:id/victims-code/events': {
    as: 'supervisor',
    url: (w) => paths.victimsCode.events({ id: w.caseId }),
    answers: 'page',
    body: () => ({ type: 'interview', ...date('occurred', '9', '13:00') }),
    audit: collection(victim),
  },
  'POST /cases/:id/victims-code/enhanced-rights': {
    as: 'supervisor',
    url: (w) => paths.victimsCode.enhancedRights({ id: w.caseId }),
    answers: 'page',
    body: async (w, db) => ({
      version: await versionOf(db, 'safeguarding_case', w.caseId),
      'enhanced-rights': 'yes',
      reason: 'A victim of domestic abuse has Enhanced Rights',
    }),
    audit: alteration(victim),
  },
  'POST /cases/:id/victims-code/personal-statement': {
    as: 'supervisor',
    url: (w) => paths.victimsCode.personalStatement({ id: w.caseId }),
    answers: 'page',
    body: async (w, db) => ({ version: await victimsCodeVersion(db, w.caseId), status: 'offered', ...date('statement', '9') }),
    audit: alteration(victim),
  },
  'GET /cases/:id/victims-code/needs-assessment': {
    as: 'supervisor',
    url: (w) => paths.victimsCode.needsAssessment({ id: w.caseId }),
    answers: 'page',
    audit: consultation(victim),
  },
  'POST /cases/:id/victims-code/needs-assessment': {
    as: 'supervisor',
    url: (w) => paths.victimsCode.needsAssessment({ id: w.caseId }),
    answers: 'page',
    body: async (w, db) => ({
      version: await victimsCodeVersion(db, w.caseId),
      'support-needs': 'emotional',
      interpreter: 'no',
      'vulnerable-or-intimidated': 'yes',
      'consents-to-referral': 'yes',
    }),
    audit: alteration(victim),
  },
  'GET /cases/:id/victims-code/update-preferences': {
    as: 'supervisor',
    url: (w) => paths.victimsCode.preferences({ id: w.caseId }),
    answers: 'page',
    audit: consultation(victim),
  },
  'POST /cases/:id/victims-code/update-preferences': {
    as: 'supervisor',
    url: (w) => paths.victimsCode.preferences({ id: w.caseId }),
    answers: 'page',
    body: async (w, db) => ({
      version: await victimsCodeVersion(db, w.caseId),
      method: 'text-message',
      frequency: 'fortnightly',
      via: 'victim-care-officer',
    }),
    audit: alteration(victim),
  },
  'GET /victims-code/updates/:id': {
    as: 'supervisor',
    url: (w) => paths.victimsCode.update({ id: w.openUpdateId }),
    answers: 'page',
    audit: consultation(victim),
  },
  'POST /victims-code/updates/:id': {
    as: 'supervisor',
    url: (w) => paths.victimsCode.update({ id: w.openUpdateId }),
    answers: 'page',
    body: async (w, db) => ({
      version: await versionOf(db, 'victim_update_obligation', w.openUpdateId),
      method: 'visit',
      ...date('told', '10', '09:30'),
      note: 'Told her no further action will be taken, and of her right to review',
    }),
    audit: alteration(victim),
  },
  'POST /victims-code/decisions/:id/review-request': {
    as: 'supervisor',
    url: (w) => paths.victimsCode.reviewRequest({ id: w.nfaEventId }),
    answers: 'page',
    body: () => date('requested', '10'),
    audit: alteration(victim),
  },
  'GET /victims-code': { as: 'supervisor', url: () => paths.victimsCode.compliance, answers: 'page', audit: consultation(victim) },
  'GET /admin/victims-code-time-limits': { as: 'admin', url: () => paths.victimsCode.timeLimits, answers: 'page', audit: 'none' },
  'POST /admin/victims-code-time-limits': {
    as: 'admin',
    url: () => paths.victimsCode.timeLimits,
    answers: 'page',
    body: async (_w, db) => ({
      version: await settingVersion(db, 'victims-code-time-limits'),
      'enhanced-rights-working-days': '1',
      'standard-working-days': '5',
    }),
    audit: 'none',
  },
  'POST /api/v1/cases/:id/events': {
    as: 'supervisor-api',
    url: (w) => paths.victimsCode.api.events({ id: w.caseId }),
    answers: 'json',
    body: () => ({ type: 'charge', occurredAt: '2026-03-09T18:00:00Z' }),
    audit: collection(victim),
  },

  // The order register.
  'GET /orders': { as: 'coordinator', url: () => `${paths.orders.register}?view=all`, answers: 'page', audit: consultation(orderPeople) },
  'GET /orders/new': {
    as: 'coordinator',
    url: (w) => `${paths.orders.new}?subject=${w.suspectId}`,
    answers: 'page',
    audit: consultation(orderPeople),
  },
  'POST /orders/new': {
    as: 'coordinator',
    url: () => paths.orders.new,
    answers: 'page',
    body: (w) => ({
      type: 'DVPN',
      subject: w.suspectId,
      protected: w.victimId,
      ...date('starts', '10', '08:00'),
      'authorised-name': 'Supt Amara Quayle',
      'authorised-rank': 'superintendent',
      'condition-no-contact': 'Must not contact the victim',
    }),
    audit: collection(orderPeople),
  },
  'GET /orders/:id/court-pack.pdf': {
    as: 'coordinator',
    url: (w) => `${paths.orders.show({ id: w.dvpnId })}/court-pack.pdf`,
    answers: 'asset',
    audit: { category: 'disclosure', subjects: orderPeople },
  },
  'GET /orders/:id/court-pack.docx': {
    as: 'coordinator',
    url: (w) => `${paths.orders.show({ id: w.dvpnId })}/court-pack.docx`,
    answers: 'asset',
    audit: { category: 'disclosure', subjects: orderPeople },
  },
  'GET /clares-law': { as: 'coordinator', url: () => paths.dvds.list, answers: 'page', audit: consultation(dvdsPeople) },
  'GET /clares-law/timeliness': { as: 'coordinator', url: () => paths.dvds.timeliness, answers: 'page', audit: consultation(dvdsPeople) },
  'GET /clares-law/new': {
    as: 'coordinator',
    url: (w) => `${paths.dvds.new}?subject=${w.suspectId}&applicant=${w.victimId}`,
    answers: 'page',
    audit: consultation(dvdsPeople),
  },
  'POST /clares-law/new': {
    as: 'coordinator',
    url: () => paths.dvds.new,
    answers: 'page',
    body: (w) => ({
      route: 'right-to-ask',
      applicantKind: 'applicant-at-risk',
      'applicant-personId': w.victimId,
      'subject-personId': w.suspectId,
      relationship: 'Partner',
      concern: 'His previous partners',
    }),
    audit: { category: 'collection', subjects: dvdsPeople },
  },
  'GET /clares-law/:id': {
    as: 'coordinator',
    url: (w) => paths.dvds.show({ id: w.dvdsId }),
    answers: 'page',
    audit: consultation(dvdsPeople),
  },
  'POST /clares-law/:id/stages': {
    as: 'coordinator',
    url: (w) => paths.dvds.stages({ id: w.dvdsId }),
    answers: 'page',
    body: async (w, db) => ({
      version: String(
        (await db.selectFrom('dvds_application').select('version').where('id', '=', w.dvdsId).executeTakeFirstOrThrow()).version,
      ),
      stage: 'initial-contact',
      immediateRisk: 'no',
      riskNotes: 'No immediate risk found',
    }),
    audit: { category: 'alteration', subjects: dvdsPeople },
  },
  'GET /admin/clares-law': { as: 'admin', url: () => paths.dvds.settings, answers: 'page', audit: 'none' },
  'POST /admin/clares-law': {
    as: 'admin',
    url: () => paths.dvds.settings,
    answers: 'page',
    body: async (_w, db) => ({ version: await settingVersion(db, 'dvds.completion-days'), days: '28' }),
    audit: 'none',
  },
  'POST /api/v1/dvds-applications': {
    as: 'coordinator-api',
    url: () => '/api/v1/dvds-applications',
    answers: 'json',
    body: (w) => ({
      route: 'right-to-ask',
      applicantKind: 'applicant-at-risk',
      applicant: { personId: w.victimId },
      subject: { personId: w.suspectId },
      relationship: 'Partner',
      concern: 'His previous partners',
      receivedAt: '2026-03-09T14:00:00Z',
    }),
    audit: { category: 'collection', subjects: dvdsPeople },
  },
  'GET /alarms': { as: 'support', url: () => `${paths.alarms.register}?view=all`, answers: 'page', audit: consultation(victim) },
  'GET /alarms/new': {
    as: 'support',
    url: (w) => `${paths.alarms.new}?person=${w.victimId}`,
    answers: 'page',
    audit: consultation(victim),
  },
  'POST /alarms/new': {
    as: 'support',
    url: () => paths.alarms.new,
    answers: 'page',
    body: (w) => ({
      person: w.victimId,
      device: 'pendant-alarm',
      serial: 'PROOF-PENDANT-2',
      installer: 'Proof installer',
      ...date('issued', '10'),
    }),
    audit: collection(victim),
  },
  'GET /alarms/:id': { as: 'support', url: (w) => paths.alarms.show({ id: w.alarmId }), answers: 'page', audit: consultation(victim) },
  'POST /alarms/:id/activations': {
    as: 'support',
    url: (w) => paths.alarms.activation({ id: w.alarmId }),
    answers: 'page',
    body: async (w, db) => ({
      version: await alarmVersion(db, w.alarmId),
      ...date('activated', '10', '01:15'),
      outcome: 'Officers attended',
    }),
    audit: collection(victim),
  },
  'POST /alarms/:id/review': {
    as: 'support',
    url: (w) => paths.alarms.review({ id: w.alarmId }),
    answers: 'page',
    body: async (w, db) => ({ version: await alarmVersion(db, w.alarmId), note: 'Tested with her' }),
    audit: alteration(victim),
  },
  'POST /alarms/:id/return': {
    as: 'support',
    url: (w) => paths.alarms.return({ id: w.alarmId }),
    answers: 'page',
    body: async (w, db) => ({ version: await alarmVersion(db, w.alarmId), ...date('returned', '10'), reason: 'no-longer-needed' }),
    audit: alteration(victim),
  },
  'GET /admin/panic-alarms': { as: 'supervisor', url: () => paths.alarms.settings, answers: 'page', audit: 'none' },
  'POST /admin/panic-alarms': {
    as: 'supervisor',
    url: () => paths.alarms.settings,
    answers: 'page',
    body: async (_w, db) => ({ version: await settingVersion(db, 'alarms.review-days'), days: '60' }),
    audit: 'none',
  },
  'GET /second-responder': { as: 'support', url: () => paths.secondResponder.list, answers: 'page', audit: consultation(victim) },
  'GET /second-responder/visits/new': {
    as: 'support',
    url: (w) => `${paths.secondResponder.new}?incident=${w.secondIncidentId}&person=${w.matchPeople[0]}`,
    answers: 'page',
    audit: consultation((w) => [w.matchPeople[0]]),
  },
  'POST /second-responder/visits/new': {
    as: 'support',
    url: () => paths.secondResponder.new,
    answers: 'page',
    body: (w) => ({
      incident: w.secondIncidentId,
      person: w.matchPeople[0],
      ...date('visit', '12', '11:00'),
      visitors: 'PC Proof with the IDVA',
    }),
    audit: collection((w) => [w.matchPeople[0]]),
  },
  'GET /second-responder/visits/:id': {
    as: 'support',
    url: (w) => paths.secondResponder.show({ id: w.visitId }),
    answers: 'page',
    audit: consultation(victim),
  },
  'POST /second-responder/visits/:id/outcome': {
    as: 'support',
    url: (w) => paths.secondResponder.outcome({ id: w.visitId }),
    answers: 'page',
    body: async (w, db) => ({ version: await visitVersion(db, w.visitId), outcome: 'visited', referrals: 'idva' }),
    audit: alteration(victim),
  },
  'GET /releases': {
    as: 'support',
    url: () => `${paths.releases.register}?view=all`,
    answers: 'page',
    audit: consultation((w) => [w.suspectId]),
  },
  'GET /releases/new': {
    as: 'support',
    url: (w) => `${paths.releases.new}?person=${w.suspectId}`,
    answers: 'page',
    audit: consultation((w) => [w.suspectId]),
  },
  'POST /releases/new': {
    as: 'support',
    url: () => paths.releases.new,
    answers: 'page',
    body: (w) => ({
      person: w.suspectId,
      'release-day': '27',
      'release-month': '3',
      'release-year': '2026',
      establishment: 'HMP Lewes',
      'release-type': 'licence',
      'notified-by': 'probation',
      'notified-day': '10',
      'notified-month': '3',
      'notified-year': '2026',
    }),
    audit: { category: 'collection', subjects: (w) => [w.suspectId] },
  },
  'GET /releases/:id': {
    as: 'support',
    url: (w) => paths.releases.show({ id: w.releaseId }),
    answers: 'page',
    audit: consultation((w) => [w.suspectId]),
  },
  'GET /admin/release-reviews': { as: 'supervisor', url: () => paths.releases.settings, answers: 'page', audit: 'none' },
  'POST /admin/release-reviews': {
    as: 'supervisor',
    url: () => paths.releases.settings,
    answers: 'page',
    body: async (_w, db) => ({ version: await settingVersion(db, 'releases.review-lead-days'), days: '21' }),
    audit: 'none',
  },
  'GET /orders/:id': {
    as: 'coordinator',
    url: (w) => paths.orders.show({ id: w.dvpoId }),
    answers: 'page',
    audit: consultation(orderPeople),
  },
  'POST /orders/:id/hearing-outcome': {
    as: 'coordinator',
    url: (w) => paths.orders.outcome({ id: w.dvpnId }),
    answers: 'page',
    body: async (w, db) => ({
      version: await versionOf(db, 'protective_order', w.dvpnId),
      outcome: 'made',
      ...date('made', '10', '09:00'),
      'ends-day': '4',
      'ends-month': '4',
      'ends-year': '2026',
    }),
    audit: alteration(orderPeople),
  },
  'POST /orders/:id/breaches': {
    as: 'coordinator',
    url: (w) => paths.orders.breaches({ id: w.dvpoId }),
    answers: 'page',
    body: () => ({ ...date('occurred', '10', '09:40'), description: 'Phoned her twice', 'action-taken': 'Circulated as wanted' }),
    audit: collection(orderPeople),
  },
  'POST /orders/:id/expiry': {
    as: 'coordinator',
    url: (w) => paths.orders.expiry({ id: w.dvpoId }),
    answers: 'page',
    body: async (w, db) => ({
      version: await versionOf(db, 'protective_order', w.dvpoId),
      decision: 'extend',
      'new-ends-day': '6',
      'new-ends-month': '4',
      'new-ends-year': '2026',
      'expiry-reason': 'The court extended it at the breach hearing',
    }),
    audit: alteration(orderPeople),
  },
  'POST /orders/:id/notification': {
    as: 'coordinator',
    url: (w) => paths.orders.notification({ id: w.dapoId }),
    answers: 'page',
    body: async (w, db) => ({ version: await versionOf(db, 'protective_order', w.dapoId), ...date('notified', '10', '09:30') }),
    audit: alteration((w) => [w.suspectId]),
  },
  'GET /admin/order-regime': { as: 'admin', url: () => paths.orders.regime, answers: 'page', audit: 'none' },
  'POST /admin/order-regime': {
    as: 'admin',
    url: () => paths.orders.regime,
    answers: 'page',
    body: async (_w, db) => ({ version: await settingVersion(db, 'orders.regime'), regime: 'both' }),
    audit: 'none',
  },
  'POST /api/v1/orders': {
    as: 'coordinator-api',
    url: () => paths.api.orders,
    answers: 'json',
    body: (w) => ({
      type: 'DVPN',
      subjectPersonId: w.suspectId,
      protectedPersonIds: [w.victimId],
      servedAt: '2026-03-10T07:00:00Z',
      authorisedBy: { name: 'Supt Amara Quayle', rank: 'Superintendent' },
      conditions: [{ kind: 'no-contact', text: 'Must not contact the victim' }],
    }),
    audit: collection(orderPeople),
  },
  'GET /api/v1/orders/:id': {
    as: 'coordinator-api',
    url: (w) => paths.api.order({ id: w.dvpoId }),
    answers: 'json',
    audit: consultation(orderPeople),
  },

  // The enquiries register (the enquiries are about the victim and the suspect).
  'GET /enquiries': { as: 'researcher', url: () => paths.enquiries.list, answers: 'page', audit: consultation(orderPeople) },
  'GET /enquiries/new': { as: 'researcher', url: () => paths.enquiries.new, answers: 'page', audit: 'none' },
  'POST /enquiries/new': {
    as: 'researcher',
    url: () => paths.enquiries.new,
    answers: 'page',
    body: (w) => ({
      requesterName: 'Jo Pellow',
      requesterOrganisation: 'Children’s Social Care',
      requesterContact: '01632 960111',
      purpose: 'Section 47 enquiry',
      lawfulBasis: 'children-act-s47',
      personIds: [w.victimId, w.suspectId],
      ...date('received', '10', '09:05'),
      action: 'save',
    }),
    audit: collection(orderPeople),
  },
  'GET /enquiries/:id': {
    as: 'researcher',
    url: (w) => paths.enquiries.show({ id: w.decidedEnquiryId }),
    answers: 'page',
    audit: consultation(orderPeople),
  },
  'POST /enquiries/:id/decision': {
    as: 'researcher',
    url: (w) => paths.enquiries.decision({ id: w.openEnquiryId }),
    answers: 'page',
    body: async (w, db) => ({
      version: await versionOf(db, 'enquiry', w.openEnquiryId),
      decision: 'decline',
      rationale: 'Not necessary: the information is already held by the requester',
    }),
    audit: alteration(orderPeople),
  },

  // The officer advice log: advice on the world's incident names its people.
  'GET /officer-advice': {
    as: 'assessor',
    url: () => paths.officerAdvice.list,
    answers: 'page',
    audit: consultation((w) => w.peopleInIncident),
  },
  'GET /officer-advice/new': { as: 'assessor', url: () => paths.officerAdvice.new, answers: 'page', audit: 'none' },
  'POST /officer-advice/new': {
    as: 'assessor',
    url: () => paths.officerAdvice.new,
    answers: 'page',
    body: (w) => ({
      incidentReference: w.incidentReference,
      officerName: 'PC Dana Ward',
      collarNumber: '4512',
      advice: 'dvpn',
      ...date('advised', '10', '09:20'),
    }),
    audit: collection((w) => w.peopleInIncident),
  },

  // The signposting directory: services are no one's personal data; a signposting is the person's.
  'GET /directory': { as: 'assessor', url: () => paths.directory.list, answers: 'page', audit: 'none' },
  'GET /admin/directory': { as: 'admin', url: () => paths.directory.manage, answers: 'page', audit: 'none' },
  'GET /admin/directory/new': { as: 'admin', url: () => paths.directory.new, answers: 'page', audit: 'none' },
  'POST /admin/directory/new': {
    as: 'admin',
    url: () => paths.directory.new,
    answers: 'page',
    body: () => ({
      name: 'Proof Outreach',
      description: 'Outreach support',
      needs: 'outreach',
      area: 'Leeds',
      contact: '0113 496 0000',
      referralRoute: 'By phone',
      active: 'yes',
    }),
    audit: 'none',
  },
  'GET /admin/directory/:id': {
    as: 'admin',
    url: (w) => paths.directory.edit({ id: w.directoryServiceId }),
    answers: 'page',
    audit: 'none',
  },
  'POST /admin/directory/:id': {
    as: 'admin',
    url: (w) => paths.directory.edit({ id: w.directoryServiceId }),
    answers: 'page',
    body: async (w, db) => ({
      version: await versionOf(db, 'directory_service', w.directoryServiceId),
      name: 'Proof Outreach and Housing',
      description: 'Outreach and housing support',
      needs: ['outreach', 'housing'],
      area: 'Leeds',
      contact: '0113 496 0000',
      referralRoute: 'By phone',
      active: 'yes',
    }),
    audit: 'none',
  },
  'GET /people/:id/signposting': {
    as: 'assessor',
    url: (w) => paths.directory.signpost({ id: w.victimId }),
    answers: 'page',
    audit: consultation(victim),
  },
  'POST /people/:id/signposting': {
    as: 'assessor',
    url: (w) => paths.directory.signpost({ id: w.victimId }),
    answers: 'page',
    body: (w) => ({ serviceId: w.directoryServiceId, note: 'Gave her the number' }),
    audit: collection(victim),
  },

  // Record access on the restricted person.
  'POST /people/:id/break-glass': {
    as: 'researcher',
    url: (w) => paths.people.breakGlass({ id: w.restrictedPersonId }),
    answers: 'page',
    body: () => ({ reason: 'Victim at the front desk now, need her safety plan' }),
    audit: consultation(restricted),
  },
  'POST /people/:id/access-grants': {
    as: 'supervisor',
    url: (w) => paths.people.accessGrants({ id: w.restrictedPersonId }),
    answers: 'page',
    body: () => ({ username: 'coordinator', reason: 'Coordinating her MARAC referral', expiresOn: '2026-04-30' }),
    audit: alteration(restricted),
  },
  'POST /people/:id/access-grants/:grantId/revoke': {
    as: 'supervisor',
    url: (w) => paths.people.revokeGrant({ id: w.restrictedPersonId, grantId: w.accessGrantId }),
    answers: 'page',
    body: () => ({}),
    audit: alteration(restricted),
  },

  // Referrals to partner agencies, and the partner portal (the IDVA service's worker sees only referrals to it).
  'GET /referrals': { as: 'supervisor', url: () => paths.referrals.list, answers: 'page', audit: consultation(victim) },
  'GET /referrals/new': {
    as: 'supervisor',
    url: (w) => `${paths.referrals.new}?incident=${w.incidentId}`,
    answers: 'page',
    audit: 'none', // the form names no one: the agencies, bases and fields to share
  },
  'POST /referrals/new': {
    as: 'supervisor',
    url: () => paths.referrals.new,
    answers: 'page',
    body: (w) => ({
      incidentId: w.incidentId,
      caseId: '',
      agency: w.idvaAgencyId,
      lawfulBasis: 'safeguarding-individuals-at-risk',
      consent: 'given',
      sharedFields: ['victim-name', 'victim-phone'],
    }),
    audit: disclosure(victim),
  },
  'GET /referrals/:id': {
    as: 'supervisor',
    url: (w) => paths.referrals.show({ id: w.acceptedReferralId }),
    answers: 'page',
    audit: consultation(victim),
  },
  'GET /referrals/:id/referral.pdf': {
    as: 'supervisor',
    url: (w) => paths.referrals.pdf({ id: w.acceptedReferralId }),
    answers: 'asset',
    audit: consultation(victim),
  },
  'POST /referrals/:id/withdraw': {
    as: 'supervisor',
    url: (w) => paths.referrals.withdraw({ id: w.secondSentReferralId }),
    answers: 'page',
    body: async (w, db) => ({ version: await versionOf(db, 'referral', w.secondSentReferralId), reason: 'Sent twice' }),
    audit: alteration(victim),
  },
  'POST /referrals/:id/close': {
    as: 'supervisor',
    url: (w) => paths.referrals.close({ id: w.rejectedReferralId }),
    answers: 'page',
    body: async (w, db) => ({ version: await versionOf(db, 'referral', w.rejectedReferralId), reason: 'Referred elsewhere' }),
    audit: alteration(victim),
  },
  'GET /partner/referrals': { as: 'idva', url: () => paths.partner.referrals, answers: 'page', audit: consultation(victim) },
  'GET /partner/referrals/:id': {
    as: 'idva',
    url: (w) => paths.partner.referral({ id: w.acceptedReferralId }),
    answers: 'page',
    audit: consultation(victim),
  },
  'GET /partner/referrals/:id/referral.pdf': {
    as: 'idva',
    url: (w) => paths.partner.pdf({ id: w.acceptedReferralId }),
    answers: 'asset',
    audit: consultation(victim),
  },
  'POST /partner/referrals/:id/answer': {
    as: 'idva',
    url: (w) => paths.partner.answer({ id: w.sentReferralId }),
    answers: 'page',
    body: async (w, db) => ({ version: await versionOf(db, 'referral', w.sentReferralId), answer: 'accept' }),
    audit: alteration(victim),
  },
  'POST /partner/referrals/:id/updates': {
    as: 'idva',
    url: (w) => paths.partner.updates({ id: w.acceptedReferralId }),
    answers: 'page',
    body: () => ({ kind: 'contact', outcome: 'contact-made', note: 'First meeting booked' }),
    audit: collection(victim),
  },
  'POST /api/v1/referrals': {
    as: 'supervisor-api',
    url: () => paths.api.referrals,
    answers: 'json',
    body: (w) => ({
      incidentId: w.incidentId,
      agency: 'idva',
      lawfulBasis: 'safeguarding-individuals-at-risk',
      consent: 'given',
      sharedFields: ['victim-name'],
    }),
    audit: disclosure(victim),
  },
  'GET /api/v1/referrals/:id': {
    as: 'supervisor-api',
    url: (w) => paths.api.referral({ id: w.acceptedReferralId }),
    answers: 'json',
    audit: consultation(victim),
  },
};
