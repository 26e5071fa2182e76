import assert from 'node:assert/strict';
import request from 'supertest';
import { systemActor } from '../platform/audit/actor.ts';
import { paths } from '../paths.ts';
import { csrfFor, signIn, type TestApp } from '../testing/app.ts';
import { aPerson, anIncidentWithVictim } from '../testing/personFixtures.ts';

/**
 * The records of the case work added after the first proof suites: a safeguarding case on the world's victim with a
 * contact and safe-contact instructions, its Victims' Code record (events, an update given, needs, preferences), the
 * order register (a DVPN awaiting its hearing, a DVPO with a breach, a DAPO), the enquiries register, the officer
 * advice log, the signposting directory, record access on a restricted person, and referrals to the IDVA service
 * (sent, accepted with an update, rejected). Each is made the way users make them, through the pages and the API.
 */
export type Agent = ReturnType<typeof request.agent>;

export interface CaseWorld {
  caseId: string;
  /** The Victims' Code: an NFA decision (with its update still to give) and an arrest whose update was given. */
  nfaEventId: string;
  openUpdateId: string;
  givenUpdateId: string;
  /** A DVPN awaiting its hearing, the DVPO made on another (with a breach), and a DAPO. */
  dvpnId: string;
  dvpoId: string;
  dapoId: string;
  /** The suspect's release from prison, recorded by the support officer (its risk review raised at once). */
  releaseId: string;
  /** A panic alarm issued to the victim with an activation, and a Second Responder visit to her after the incident. */
  alarmId: string;
  visitId: string;
  /** A Right to Ask by the victim about the suspect, with its initial contact recorded. */
  dvdsId: string;
  /** An enquiry decided (disclosed in part) and one still open. */
  decidedEnquiryId: string;
  openEnquiryId: string;
  directoryServiceId: string;
  restrictedPersonId: string;
  accessGrantId: string;
  idvaAgencyId: string;
  /** Referrals to the IDVA service: sent (twice), accepted with an update, and rejected. */
  sentReferralId: string;
  secondSentReferralId: string;
  acceptedReferralId: string;
  rejectedReferralId: string;
}

/** A step that should be saved; when it is not, the page's error summary (or its start) says why. */
const expectRedirect = (res: request.Response, what: string) => {
  const summary = /class="govuk-error-summary"[\s\S]*?<\/ul>/
    .exec(res.text)?.[0]
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
  assert.equal(res.status, 303, `${what}: ${res.status} ${summary ?? res.text.slice(0, 3000)}`);
};

async function post(agent: Agent, path: string, body: Record<string, unknown>) {
  return agent
    .post(path)
    .type('form')
    .send({ _csrf: await csrfFor(agent, '/'), ...body });
}

const idFrom = (res: request.Response) => String(res.headers.location).split('?')[0].split('/').pop()!;

export async function buildCaseWorld(
  t: TestApp,
  f: (field: string, max: number) => string,
  w: { incidentId: string; incidentReference: string; victimId: string; suspectId: string },
): Promise<CaseWorld> {
  const db = t.services.db;
  const supervisor = await signIn(t.app, 'supervisor');
  const coordinator = await signIn(t.app, 'coordinator');
  const researcher = await signIn(t.app, 'researcher');
  const assessor = await signIn(t.app, 'assessor');
  const admin = await signIn(t.app, 'admin');
  const idva = await signIn(t.app, 'idva');
  const victimcare = (await t.services.users.findByUsername('victimcare'))!;

  // The safeguarding case on the victim, held by the victim care officer's team; a contact; safe-contact instructions.
  const opened = await post(supervisor, `${paths.cases.new}?personId=${w.victimId}`, {
    personId: w.victimId,
    incidents: w.incidentId,
    owner: victimcare.id,
    team: victimcare.team_id,
    enhancedRights: 'yes',
  });
  expectRedirect(opened, 'open a case');
  const caseId = idFrom(opened);
  expectRedirect(
    await post(supervisor, paths.cases.newContact({ id: caseId }), {
      method: 'call',
      direction: 'outgoing',
      'occurred-day': '10',
      'occurred-month': '3',
      'occurred-year': '2026',
      'occurred-time': '08:15',
      withWhom: f('contact with whom', 200),
      outcome: 'spoke',
      advice: f('contact advice', 4000),
      safetyPlan: 'safe-word',
      safetyPlanOther: f('contact safety-plan other', 1000).replace(/[\r\n]+/g, ' '),
      notes: f('contact notes', 4000),
      unseenCrime: f('contact unseen crime', 4000),
      intelligence: f('contact intelligence', 4000),
      'next-day': '17',
      'next-month': '3',
      'next-year': '2026',
    }),
    'record a contact',
  );
  expectRedirect(
    await post(supervisor, paths.cases.safeContact({ id: caseId }), {
      version: '0',
      method: f('safe-contact method', 500),
      safeTimes: f('safe-contact safe times', 500),
      phone: '07700 900456',
      mustNotKnow: f('safe-contact who must not know', 500),
      notes: f('safe-contact notes', 2000),
    }),
    'safe-contact instructions',
  );

  // The Victims' Code record of the case.
  const event = async (type: string, time: string) => {
    expectRedirect(
      await post(supervisor, paths.victimsCode.events({ id: caseId }), {
        type,
        'occurred-day': '9',
        'occurred-month': '3',
        'occurred-year': '2026',
        'occurred-time': time,
      }),
      `case event ${type}`,
    );
    const row = await db
      .selectFrom('case_event')
      .innerJoin('victim_update_obligation', 'victim_update_obligation.case_event_id', 'case_event.id')
      .select(['case_event.id as eventId', 'victim_update_obligation.id as obligationId', 'victim_update_obligation.version'])
      .where('case_event.case_id', '=', caseId)
      .where('case_event.type', '=', type)
      .executeTakeFirstOrThrow();
    return row;
  };
  const arrest = await event('arrest', '09:00');
  const nfa = await event('nfa', '15:00');
  expectRedirect(
    await post(supervisor, paths.victimsCode.update({ id: arrest.obligationId }), {
      version: String(arrest.version),
      method: 'phone',
      'told-day': '9',
      'told-month': '3',
      'told-year': '2026',
      'told-time': '11:30',
      note: f('Victims’ Code update note', 2000),
    }),
    'update given',
  );
  const vcVersion = async () =>
    String((await db.selectFrom('victims_code_case').select('version').where('case_id', '=', caseId).executeTakeFirst())?.version ?? 0);
  expectRedirect(
    await post(supervisor, paths.victimsCode.needsAssessment({ id: caseId }), {
      version: await vcVersion(),
      'support-needs': ['safety', 'housing'],
      'communication-needs': f('needs-assessment communication needs', 1000),
      interpreter: 'yes',
      'interpreter-language': f('needs-assessment interpreter language', 100),
      'vulnerable-or-intimidated': 'yes',
      'consents-to-referral': 'yes',
      notes: f('needs-assessment notes', 4000),
    }),
    'needs assessment',
  );
  expectRedirect(
    await post(supervisor, paths.victimsCode.preferences({ id: caseId }), {
      version: await vcVersion(),
      method: 'phone',
      frequency: 'weekly',
      via: 'nominated-person',
      'via-name': f('update preferences nominated person', 200),
      notes: f('update preferences notes', 1000),
    }),
    'update preferences',
  );
  const caseVersion = async () =>
    String((await db.selectFrom('safeguarding_case').select('version').where('id', '=', caseId).executeTakeFirstOrThrow()).version);
  expectRedirect(
    await post(supervisor, paths.victimsCode.enhancedRights({ id: caseId }), {
      version: await caseVersion(),
      'enhanced-rights': 'no',
      reason: f('Enhanced Rights change reason', 2000),
    }),
    'Enhanced Rights',
  );

  // The order register: a DVPN through the form, awaiting its hearing; a DVPN through the API whose DVPO is made and
  // breached; a DAPN (the force switched to both regimes) whose DAPO is made.
  const dvpn = await post(coordinator, paths.orders.new, {
    type: 'DVPN',
    subject: w.suspectId,
    protected: w.victimId,
    'starts-day': '9',
    'starts-month': '3',
    'starts-year': '2026',
    'starts-time': '20:30',
    'incident-reference': w.incidentReference,
    'authorised-name': f('order authorising officer', 200),
    'authorised-rank': 'superintendent',
    'condition-no-contact': f('order no-contact condition', 2000),
    'condition-exclusion-zone': f('order exclusion zone', 2000),
    'condition-exclusion-address': f('order exclusion zone address', 500),
    'condition-other': f('order other condition', 2000),
    'positive-requirements': f('order positive requirements', 4000),
  });
  expectRedirect(dvpn, 'record a DVPN');
  const support = await signIn(t.app, 'support');
  const release = await post(support, paths.releases.new, {
    person: w.suspectId,
    'release-day': '20',
    'release-month': '3',
    'release-year': '2026',
    establishment: 'HMP Elmley',
    'release-type': 'licence',
    'notified-by': 'probation',
    'notified-day': '9',
    'notified-month': '3',
    'notified-year': '2026',
    'condition-no-contact': f('release no-contact condition', 2000),
    'condition-exclusion-zone': f('release exclusion zone', 2000),
    'condition-exclusion-address': f('release exclusion zone address', 500),
    'condition-other': f('release other condition', 2000),
    notes: f('release notes', 4000),
  });
  expectRedirect(release, 'record a release');
  const alarm = await post(support, paths.alarms.new, {
    person: w.victimId,
    device: 'tecsos-handset',
    serial: f('alarm serial number', 100),
    installer: f('alarm installer', 200),
    'issued-day': '9',
    'issued-month': '3',
    'issued-year': '2026',
    notes: f('alarm notes', 4000),
  });
  expectRedirect(alarm, 'issue a panic alarm');
  const activation = await post(support, paths.alarms.activation({ id: idFrom(alarm) }), {
    version: '1',
    'activated-day': '9',
    'activated-month': '3',
    'activated-year': '2026',
    'activated-time': '22:40',
    incident: w.incidentReference,
    outcome: f('alarm activation outcome', 2000),
  });
  expectRedirect(activation, 'record an alarm activation');
  const visit = await post(support, paths.secondResponder.new, {
    incident: w.incidentId,
    person: w.victimId,
    'visit-day': '12',
    'visit-month': '3',
    'visit-year': '2026',
    'visit-time': '14:30',
    visitors: f('second responder visitors', 300),
  });
  expectRedirect(visit, 'schedule a second-responder visit');
  const dvds = await post(coordinator, paths.dvds.new, {
    route: 'right-to-ask',
    applicantKind: 'applicant-at-risk',
    'applicant-personId': w.victimId,
    'subject-personId': w.suspectId,
    relationship: f("Clare's Law relationship", 500),
    concern: f("Clare's Law concern", 4000),
  });
  expectRedirect(dvds, "record a Clare's Law application");
  const coordinatorToken = await t.services.users.createApiToken(systemActor('proof'), 'coordinator', 'proof');
  const api = (path: string, body: object) => request(t.app).post(path).set('Authorization', `Bearer ${coordinatorToken}`).send(body);
  const notice = async (type: 'DVPN' | 'DAPN', rank: string) => {
    const res = await api(paths.api.orders, {
      type,
      subjectPersonId: w.suspectId,
      protectedPersonIds: [w.victimId],
      servedAt: '2026-03-08T18:00:00Z',
      incidentId: w.incidentId,
      authorisedBy: { name: 'Supt Amara Quayle', rank },
      conditions: [{ kind: 'no-contact', text: 'Must not contact the victim directly or through anyone else' }],
    });
    assert.equal(res.status, 201, res.text);
    return (res.body as { id: string }).id;
  };
  const made = async (noticeId: string, endsDay: string) => {
    const version = (await db.selectFrom('protective_order').select('version').where('id', '=', noticeId).executeTakeFirstOrThrow())
      .version;
    expectRedirect(
      await post(coordinator, paths.orders.outcome({ id: noticeId }), {
        version: String(version),
        outcome: 'made',
        'made-day': '10',
        'made-month': '3',
        'made-year': '2026',
        'made-time': '09:00',
        'ends-day': endsDay,
        'ends-month': '4',
        'ends-year': '2026',
      }),
      'hearing outcome',
    );
    return (await db.selectFrom('protective_order').select('id').where('follows_order_id', '=', noticeId).executeTakeFirstOrThrow()).id;
  };
  const dvpoId = await made(await notice('DVPN', 'Superintendent'), '5');
  expectRedirect(
    await post(coordinator, paths.orders.breaches({ id: dvpoId }), {
      'occurred-day': '10',
      'occurred-month': '3',
      'occurred-year': '2026',
      'occurred-time': '09:30',
      description: f('order breach description', 4000),
      'action-taken': f('order breach action taken', 2000),
    }),
    'breach',
  );
  const regime = await db.selectFrom('setting').select('version').where('key', '=', 'orders.regime').executeTakeFirst();
  expectRedirect(await post(admin, paths.orders.regime, { version: String(regime?.version ?? 0), regime: 'both' }), 'order regime');
  const dapoId = await made(await notice('DAPN', 'Inspector'), '30');

  // The enquiries register: one decided (disclosed in part), one still open.
  const enquiry = async (n: number) => {
    const res = await post(researcher, paths.enquiries.new, {
      requesterName: f(`enquiry ${n} requester name`, 200),
      requesterOrganisation: f(`enquiry ${n} requester organisation`, 200),
      requesterContact: f(`enquiry ${n} requester contact`, 200),
      purpose: f(`enquiry ${n} purpose`, 2000),
      lawfulBasis: 'children-act-s47',
      personIds: [w.victimId, w.suspectId],
      'received-day': '9',
      'received-month': '3',
      'received-year': '2026',
      'received-time': '09:15',
      action: 'save',
    });
    expectRedirect(res, 'record an enquiry');
    return idFrom(res);
  };
  const decidedEnquiryId = await enquiry(1);
  const openEnquiryId = await enquiry(2);
  const enquiryVersion = (await db.selectFrom('enquiry').select('version').where('id', '=', decidedEnquiryId).executeTakeFirstOrThrow())
    .version;
  expectRedirect(
    await post(researcher, paths.enquiries.decision({ id: decidedEnquiryId }), {
      version: String(enquiryVersion),
      decision: 'partly',
      rationale: f('enquiry decision rationale', 4000),
      disclosedInformation: f('enquiry disclosed information', 4000),
      'disclosed-day': '9',
      'disclosed-month': '3',
      'disclosed-year': '2026',
    }),
    'decide an enquiry',
  );

  // Advice given to the attending officer.
  expectRedirect(
    await post(assessor, paths.officerAdvice.new, {
      incidentReference: w.incidentReference,
      officerName: f('officer advised name', 200),
      collarNumber: 'PC 4512',
      advice: ['arrest', 'safeguarding'],
      notes: f('officer advice notes', 4000),
      'advised-day': '9',
      'advised-month': '3',
      'advised-year': '2026',
      'advised-time': '21:40',
    }),
    'officer advice',
  );

  // The directory: a local service, and the victim signposted to it.
  const serviceName = f('directory service name', 200);
  expectRedirect(
    await post(admin, paths.directory.new, {
      name: serviceName,
      description: f('directory service description', 2000),
      needs: ['outreach', 'housing'],
      area: f('directory service area', 200),
      contact: f('directory service contact', 500),
      referralRoute: f('directory service referral route', 1000),
      eligibility: f('directory service eligibility', 1000),
      active: 'yes',
    }),
    'directory service',
  );
  const directoryServiceId = (
    await db.selectFrom('directory_service').select('id').where('name', '=', serviceName.trim()).executeTakeFirstOrThrow()
  ).id;
  expectRedirect(
    await post(assessor, paths.directory.signpost({ id: w.victimId }), {
      serviceId: directoryServiceId,
      note: f('signposting note', 2000),
    }),
    'signposting',
  );

  // Record access: a restricted person (restriction is set by the force's systems, not a page), a supervisor's grant
  // to the research assistant and an assessor's break-glass.
  const restrictedPersonId = await aPerson(db, { givenName: 'Wren', familyName: 'Glasshouse', restriction: 'restricted' });
  await anIncidentWithVictim(db, restrictedPersonId);
  expectRedirect(
    await post(supervisor, paths.people.accessGrants({ id: restrictedPersonId }), {
      username: 'researcher',
      reason: f('access grant reason', 2000),
      expiresOn: '',
    }),
    'access grant',
  );
  const accessGrantId = (
    await db.selectFrom('access_grant').select('id').where('person_id', '=', restrictedPersonId).executeTakeFirstOrThrow()
  ).id;
  expectRedirect(
    await post(assessor, paths.people.breakGlass({ id: restrictedPersonId }), { reason: f('break-glass reason', 2000) }),
    'break glass',
  );

  // Referrals to the IDVA service, through the referral form.
  const idvaAgencyId = (await t.services.users.listAgencies()).find((a) => a.code === 'idva')!.id;
  const refer = async (extra: Record<string, unknown>) => {
    const res = await post(supervisor, paths.referrals.new, {
      incidentId: w.incidentId,
      caseId: '',
      agency: idvaAgencyId,
      lawfulBasis: 'safeguarding-individuals-at-risk',
      consent: 'given',
      sharedFields: ['victim-name', 'victim-phone', 'safe-contact'],
      ...extra,
    });
    expectRedirect(res, 'referral');
    return idFrom(res);
  };
  const sentReferralId = await refer({ consent: 'overridden', overrideReason: f('referral consent override reason', 2000) });
  const secondSentReferralId = await refer({});
  const acceptedReferralId = await refer({ caseId });
  const rejectedReferralId = await refer({});
  const referralVersion = async (id: string) =>
    String((await db.selectFrom('referral').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);
  expectRedirect(
    await post(idva, `${paths.partner.answer({ id: acceptedReferralId })}`, {
      version: await referralVersion(acceptedReferralId),
      answer: 'accept',
    }),
    'accept',
  );
  expectRedirect(
    await post(idva, paths.partner.updates({ id: acceptedReferralId }), { kind: 'update', note: f('partner update note', 2000) }),
    'partner update',
  );
  expectRedirect(
    await post(idva, paths.partner.answer({ id: rejectedReferralId }), {
      version: await referralVersion(rejectedReferralId),
      answer: 'reject',
      reason: f('partner rejection reason', 2000),
    }),
    'reject',
  );

  return {
    caseId,
    nfaEventId: nfa.eventId,
    openUpdateId: nfa.obligationId,
    givenUpdateId: arrest.obligationId,
    dvpnId: idFrom(dvpn),
    releaseId: idFrom(release),
    alarmId: idFrom(alarm),
    visitId: idFrom(visit),
    dvdsId: idFrom(dvds),
    dvpoId,
    dapoId,
    decidedEnquiryId,
    openEnquiryId,
    directoryServiceId,
    restrictedPersonId,
    accessGrantId,
    idvaAgencyId,
    sentReferralId,
    secondSentReferralId,
    acceptedReferralId,
    rejectedReferralId,
  };
}
