import { signInOverHttp, timedGet } from '../../../bench/load/http.ts';
import { addDays } from '../../domain/calendar/localDate.ts';
import { londonDateOf } from '../../domain/calendar/london.ts';
import { DEMO_PASSWORD } from '../../modules/demo/index.ts';
import { actorFromUser } from '../../modules/users/index.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';

const DAY = 86_400_000;

/*
 * The demo force's proportion of each record to incidents (src/modules/demo over its 3,000 incidents): about 100
 * safeguarding cases (one in six medium- and high-risk victims, most recent victims, demo/cases.ts), 40 of them with
 * Victims' Code work (DEMO_VICTIMS_CODE_CASES), 60 referrals (DEMO_REFERRALS) and 19 prison releases (demo/releases.ts).
 */
const CASES_PER_INCIDENT = 100 / 3000;
const VICTIMS_CODE_CASES_PER_INCIDENT = 40 / 3000;
const REFERRALS_PER_INCIDENT = 60 / 3000;
const RELEASES_PER_INCIDENT = 19 / 3000;

const p50p95 = (ms: number[]) => {
  const at = (p: number) => {
    const sorted = [...ms].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  };
  return ms.length ? `p50 ${at(50).toFixed(1)} ms, p95 ${at(95).toFixed(1)} ms` : 'not measured (none to open)';
};

async function actorOf(services: Services, username: string) {
  const user = await services.users.findByUsername(username);
  if (!user) throw new Error(`the bench force has no ${username} account`);
  return actorFromUser(user, 'cli');
}

/** `loads` timed GETs of each URL in turn (cycling through them). */
async function timedPages(urls: string[], cookie: string, loads: number): Promise<number[]> {
  const times: number[] = [];
  if (urls.length === 0) return times;
  for (let i = 0; i < loads; i++) times.push(await timedGet(urls[i % urls.length], { cookie }));
  return times;
}

/**
 * The casework pages on the loaded force with the demo proportion of cases, Victims' Code events, referrals and prison
 * releases, each made through its service (checked and audited as a user's would be) against the latest victim and
 * suspect pairs until the force holds that many; then the case list and a case page, the Victims' Code compliance
 * view, the referrals list and a referral page (as the coordinator), and the releases register and a release page (as
 * the support officer) timed over HTTP.
 */
export async function benchCasework(services: Services, baseUrl: string, scale: number, loads: number): Promise<string> {
  const coordinator = await actorOf(services, 'coordinator');
  const support = await actorOf(services, 'support');
  const now = services.clock.now();
  const pairs = await services.incidents.victimSuspectPairs(
    services.db,
    { from: new Date(0), before: new Date(now.getTime() - DAY) },
    Math.max(1, Math.ceil(scale * Math.max(CASES_PER_INCIDENT, REFERRALS_PER_INCIDENT, RELEASES_PER_INCIDENT) * 2)),
  );
  const distinct = pairs.filter((p) => p.victimId !== p.suspectId);

  // Cases, and Victims' Code work on some of them.
  const allOpen = { whose: 'all', status: 'open' } as const;
  const wantedCases = Math.max(1, Math.ceil(scale * CASES_PER_INCIDENT));
  let open = (await services.cases.list(coordinator, allOpen, 1)).total;
  const opened: string[] = [];
  for (const p of distinct) {
    if (open >= wantedCases) break;
    try {
      const kase = await services.cases.openFor(coordinator, {
        victimPersonId: p.victimId,
        incidentIds: [p.incidentId],
        ownerId: null,
        teamId: null,
        enhancedRights: true,
      });
      opened.push(kase.id);
      open++;
    } catch {
      // She already has an open case, or the incident is not hers as a victim after a merge: the next pair.
    }
  }
  const wantedVictimsCode = Math.ceil(scale * VICTIMS_CODE_CASES_PER_INCIDENT);
  for (const [i, caseId] of opened.slice(0, wantedVictimsCode).entries())
    await services.victimsCode.recordEvent(coordinator, caseId, {
      type: i % 2 ? 'arrest' : 'charge',
      occurredAt: new Date(now.getTime() - (1 + (i % 10)) * DAY),
    });

  // Referrals, most to the IDVA service.
  const wantedReferrals = Math.max(1, Math.ceil(scale * REFERRALS_PER_INCIDENT));
  let referred = await services.referrals.count();
  for (const [i, p] of distinct.entries()) {
    if (referred >= wantedReferrals) break;
    const sent = await services.referrals.send(coordinator, {
      incidentId: p.incidentId,
      agency: i % 2 ? 'idva' : 'mash',
      lawfulBasis: 'safeguarding-individuals-at-risk',
      consent: 'given',
      overrideReason: null,
      sharedFields: ['victim-name', 'victim-phone', 'safe-contact', 'risk-grade', 'incident-summary'],
    });
    if (sent.ok) referred++;
  }

  // Prison releases of the suspects, over the last year and the next fortnight.
  const wantedReleases = Math.max(1, Math.ceil(scale * RELEASES_PER_INCIDENT));
  let released = (await services.releases.register(support, 'all', 1)).releases.length;
  const today = londonDateOf(now);
  const suspects = [...new Map(distinct.map((p) => [p.suspectId, p])).values()];
  for (const [i, p] of suspects.entries()) {
    if (released >= wantedReleases) break;
    const releaseOn = addDays(today, (i % 40) * 10 - 360);
    const custodyFrom = londonDateOf(new Date(p.reportedAt.getTime() + 2 * DAY));
    if (custodyFrom >= releaseOn) continue;
    await services.releases.record(support, {
      personId: p.suspectId,
      custodyFrom,
      releaseOn,
      establishment: 'HMP Elmley',
      releaseType: 'licence',
      licenceEndsOn: addDays(releaseOn, 365),
      conditions: [{ kind: 'no-contact', text: 'Must not contact the victim directly or indirectly' }],
      mappaCategory: null,
      mappaLevel: null,
      notifiedBy: 'probation',
      notifiedOn: addDays(releaseOn < today ? releaseOn : today, -21),
      notes: null,
    });
    released++;
  }

  const coordinatorCookie = await signInOverHttp(baseUrl, 'coordinator', DEMO_PASSWORD);
  const supportCookie = await signInOverHttp(baseUrl, 'support', DEMO_PASSWORD);
  const cases = await services.cases.list(coordinator, allOpen, 1);
  const referrals = await services.referrals.listForForce(coordinator, 'all', 1);
  const releases = await services.releases.register(support, 'all', 1);
  const times = {
    caseList: await timedPages([`${baseUrl}${paths.cases.list}?whose=all`], coordinatorCookie, loads),
    casePage: await timedPages(
      cases.items.map((c) => `${baseUrl}${paths.cases.show({ id: c.id })}`),
      coordinatorCookie,
      loads,
    ),
    compliance: await timedPages([`${baseUrl}${paths.victimsCode.compliance}`], coordinatorCookie, loads),
    referralList: await timedPages([`${baseUrl}${paths.referrals.list}?scope=all`], coordinatorCookie, loads),
    referralPage: await timedPages(
      referrals.items.map((r) => `${baseUrl}${paths.referrals.show({ id: r.id })}`),
      coordinatorCookie,
      loads,
    ),
    releaseRegister: await timedPages([`${baseUrl}${paths.releases.register}?view=all`], supportCookie, loads),
    releasePage: await timedPages(
      releases.releases.map((r) => `${baseUrl}${paths.releases.show({ id: r.id })}`),
      supportCookie,
      loads,
    ),
  };
  return (
    `casework pages (${cases.total} open cases, ${referred} referrals, ${released}+ prison releases; ${loads} loads each): ` +
    `case list (GET /cases?whose=all) ${p50p95(times.caseList)}; case page (GET /cases/:id) ${p50p95(times.casePage)}; ` +
    `Victims' Code compliance (GET /victims-code) ${p50p95(times.compliance)}; ` +
    `referrals list (GET /referrals?scope=all) ${p50p95(times.referralList)}; referral page (GET /referrals/:id) ${p50p95(times.referralPage)}; ` +
    `releases register (GET /releases?view=all, as support) ${p50p95(times.releaseRegister)}; release page (GET /releases/:id) ${p50p95(times.releasePage)}`
  );
}
