import { poolsFor } from '../../../bench/generator/pools.ts';
import type { ServiceNeed } from '../../domain/directory/needs.ts';
import type { LawfulBasis } from '../../domain/enquiries/enquiries.ts';
import type { OfficerAdviceOption } from '../../domain/officerAdvice/advice.ts';
import { systemActor } from '../../platform/audit/actor.ts';
import { FixedClock } from '../../platform/clock.ts';
import type { Services } from '../../services.ts';
import { DirectoryService, FORCE_WIDE } from '../directory/index.ts';
import { EnquiryService } from '../enquiries/index.ts';
import { OfficerAdviceService } from '../officer-advice/index.ts';
import { actorFrom } from './encompass.ts';
import { demoUser, recentIncidentVictims } from './repository.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Invented local services (Ofcom's drama numbers, example.org addresses); `town` is one of the demo force's towns. */
const SERVICES: {
  name: (town: string) => string;
  needs: ServiceNeed[];
  town: number | null;
  description: string;
  route: string;
  eligibility?: string;
}[] = [
  {
    name: (t) => `${t} Women's Aid`,
    needs: ['outreach', 'children'],
    town: 0,
    description: 'Outreach, a drop-in and a helpline for women experiencing domestic abuse, with a children’s worker.',
    route: 'Self-referral by phone; professionals use the referral form by secure email.',
    eligibility: 'Women aged 16 and over living in the area',
  },
  {
    name: (t) => `${t} Refuge Partnership`,
    needs: ['refuge', 'children'],
    town: 1,
    description: 'Emergency refuge rooms for women and their children, staffed around the clock.',
    route: 'Phone the 24-hour line; spaces are confirmed the same day.',
    eligibility: 'Women with or without children; no recourse to public funds considered case by case',
  },
  {
    name: (t) => `${t} Housing Options`,
    needs: ['housing'],
    town: 0,
    description: 'The council’s homelessness and housing advice team, including sanctuary schemes (extra locks, safe rooms).',
    route: 'Professional referral by email, or the victim phones the housing options line.',
  },
  {
    name: (t) => `${t} Housing Options`,
    needs: ['housing'],
    town: 2,
    description: 'Homelessness prevention and priority rehousing for people fleeing domestic abuse.',
    route: 'Duty to refer form online (professionals); self-referral by phone.',
  },
  {
    name: () => 'Northshire IDVA Service',
    needs: ['outreach', 'legal'],
    town: null,
    description: 'Independent domestic violence advisers for victims at high risk: safety planning, court support, MARAC representation.',
    route: 'Referral through Safeguard (high risk) or by phone for medium risk.',
    eligibility: 'Victims assessed as high risk, or medium risk with professional judgement',
  },
  {
    name: () => 'Northshire Rape and Sexual Abuse Support',
    needs: ['sexual-violence', 'mental-health'],
    town: null,
    description: 'ISVA support, counselling and a helpline for anyone who has experienced sexual violence, recent or not.',
    route: 'Self-referral by phone or web form; professionals by secure email with consent.',
  },
  {
    name: () => 'Northshire SARC',
    needs: ['sexual-violence'],
    town: null,
    description: 'Sexual assault referral centre: forensic medical examinations, emergency contraception and aftercare.',
    route: 'Police referral by phone, 24 hours; self-referral accepted.',
  },
  {
    name: (t) => `${t} Family Law Clinic`,
    needs: ['legal'],
    town: 1,
    description: 'Free legal advice on non-molestation and occupation orders, child arrangements and legal aid.',
    route: 'Appointments by phone; emergency orders the same day where needed.',
  },
  {
    name: () => 'Northshire Mind',
    needs: ['mental-health'],
    town: null,
    description: 'Talking therapies, peer support groups and crisis cafés for adults.',
    route: 'Self-referral online or through the GP.',
    eligibility: 'Adults aged 18 and over',
  },
  {
    name: (t) => `${t} Recovery Service`,
    needs: ['substance'],
    town: 2,
    description: 'Drug and alcohol treatment and recovery support, with a domestic abuse specialist worker.',
    route: 'Drop in weekdays 10am to 4pm, or professional referral by email.',
  },
  {
    name: () => 'Northshire Citizens Advice',
    needs: ['money', 'housing'],
    town: null,
    description: 'Advice on debt, benefits, economic abuse and separating finances.',
    route: 'Phone the advice line or book online; professional referrals by email.',
  },
  {
    name: () => 'Karma Path Northshire',
    needs: ['honour', 'outreach'],
    town: null,
    description: 'Specialist support for victims of honour-based abuse and forced marriage, in several community languages.',
    route: 'Phone or secure email; the national Forced Marriage Unit is told where a UK national is at risk abroad.',
  },
  {
    name: () => 'Rainbow Safe Northshire',
    needs: ['lgbt', 'outreach'],
    town: null,
    description: 'Domestic abuse advocacy for lesbian, gay, bisexual and trans people.',
    route: 'Self-referral by phone, text or web chat; professionals by email.',
  },
  {
    name: () => 'Men’s Advice Northshire',
    needs: ['men', 'outreach'],
    town: null,
    description: 'Support and safety planning for men experiencing domestic abuse.',
    route: 'Self-referral by phone; professionals by email with consent.',
    eligibility: 'Men aged 18 and over',
  },
  {
    name: () => 'Northshire Age Well',
    needs: ['older', 'outreach'],
    town: null,
    description: 'Support for older people experiencing abuse from a partner or family member, including home visits.',
    route: 'Professional referral or self-referral by phone.',
    eligibility: 'People aged 60 and over',
  },
  {
    name: (t) => `${t} Young People’s Service`,
    needs: ['children', 'mental-health'],
    town: 0,
    description: 'One-to-one support and group work for children and young people who have lived with domestic abuse.',
    route: 'Referral by school, social worker or parent using the online form.',
    eligibility: 'Children and young people aged 5 to 18',
  },
  {
    name: (t) => `${t} Children’s Centre`,
    needs: ['children'],
    town: 3,
    description: 'Family support workers and the Freedom Programme for parents.',
    route: 'Drop in, or referral by health visitor or social worker.',
  },
  {
    name: () => 'Northshire Change Programme',
    needs: ['perpetrator'],
    town: null,
    description: 'Accredited behaviour change programme for people who have been abusive, with partner support alongside.',
    route: 'Referral by probation, social care or self-referral; risk-assessed before a place is offered.',
  },
  {
    name: (t) => `${t} Food and Hardship Fund`,
    needs: ['money'],
    town: 3,
    description: 'Emergency food parcels, fuel vouchers and a hardship grant for people leaving an abusive home.',
    route: 'Professional referral by email; same-day vouchers.',
  },
  {
    name: (t) => `${t} Outreach Project`,
    needs: ['outreach'],
    town: 4,
    description: 'Community outreach workers for victims at standard and medium risk, in the evenings as well as the day.',
    route: 'Referral through Safeguard or by phone.',
  },
  {
    name: () => 'Safer Homes Northshire',
    needs: ['housing', 'refuge'],
    town: null,
    description: 'Target hardening (locks, door chains, alarms) so a victim can stay safely at home.',
    route: 'Professional referral by email; fitted within five working days.',
    eligibility: 'Closed to new referrals while the scheme is re-tendered',
  },
];

const REQUESTERS = [
  {
    name: 'Jo Pellow',
    organisation: "Northshire Children's Social Care",
    contact: 'jo.pellow@childrens.northshire.example',
    basis: 'children-act-s47' as LawfulBasis,
    purpose: 'Section 47 enquiry: domestic abuse history at the address where the children live.',
  },
  {
    name: 'DC Harriet Sowerby',
    organisation: 'CID North',
    contact: '01632 960410',
    basis: 'dpa-s35' as LawfulBasis,
    purpose: 'Investigation of a reported assault: previous DA incidents between the parties.',
  },
  {
    name: 'Marcus Evandale',
    organisation: 'Northshire MASH',
    contact: 'mash@northshire.example',
    basis: 'children-act-2004-s11' as LawfulBasis,
    purpose: 'MASH strategy discussion: police information on the household.',
  },
  {
    name: 'Priya Oduya',
    organisation: 'Northshire Adult Social Care',
    contact: '01632 960433',
    basis: 'care-act-s42' as LawfulBasis,
    purpose: 'Section 42 safeguarding enquiry for an adult with care and support needs.',
  },
  {
    name: 'Tom Ridsdale',
    organisation: 'Probation Service, Northshire',
    contact: 'tom.ridsdale@probation.example',
    basis: 'crime-disorder-s115' as LawfulBasis,
    purpose: 'Pre-sentence report: domestic abuse call-outs involving the subject.',
  },
  {
    name: 'Sian Merrow',
    organisation: 'Northshire Housing Options',
    contact: '01632 960455',
    basis: 'consent' as LawfulBasis,
    purpose: 'Priority rehousing application: confirmation of police involvement, with the applicant’s consent.',
  },
];

const ADVICE: { advice: OfficerAdviceOption[]; notes: string }[] = [
  {
    advice: ['arrest', 'evidence', 'dash'],
    notes:
      'Positive action: if the suspect is found, arrest is necessary and proportionate; body-worn video of the scene and of any injuries.',
  },
  {
    advice: ['dvpn', 'safeguarding', 'history'],
    notes: 'Previous call-outs shared. Consider a DVPN if the suspect is released without charge; safety plan for tonight.',
  },
  {
    advice: ['safeguarding', 'children', 'referral'],
    notes: 'Check whether children live at the address and tell children’s social care tonight if so; offer the IDVA referral.',
  },
  {
    advice: ['bail', 'evidence'],
    notes: 'Ask the custody sergeant for conditions not to contact the victim or attend the address; keep the 999 recording.',
  },
  {
    advice: ['dash', 'history'],
    notes: 'Shared what the force holds on the parties; complete the DASH with the victim away from the suspect.',
  },
];

const DECISIONS = [
  {
    decision: 'disclose' as const,
    rationale: 'Necessary and proportionate for the child protection enquiry; shared under the information sharing agreement.',
    disclosed: 'Dates and outcomes of the DA incidents at the address in the last two years, and the most recent risk grade.',
  },
  {
    decision: 'partly' as const,
    rationale:
      'The investigation needs the history between these two; other people named in the records are not relevant and were not shared.',
    disclosed: 'Summary of previous incidents between the parties only; third parties removed.',
  },
  {
    decision: 'decline' as const,
    rationale:
      'The purpose given does not need police information; the applicant’s own account and the IDVA letter are enough. Requester told how to ask with consent.',
    disclosed: '',
  },
];

/**
 * The demo force's registers, as the teams would have left them, through the same services the pages use: a directory
 * of about twenty local services, a few weeks of enquiries (some answered, some open, some overdue), advice given to
 * officers attending recent incidents, and a few victims signposted. Done once: a directory already there means it ran.
 */
export async function loadDemoRegisters(
  services: Services,
  seed: number,
  end: Date,
): Promise<{ services: number; enquiries: number; advice: number }> {
  const loader = systemActor('demo-loader');
  if ((await services.directory.areas()).length > 0) return { services: 0, enquiries: 0, advice: 0 };
  const towns = poolsFor(seed).towns.map((t) => t.name);
  const clock = new FixedClock(new Date(end.getTime() - 60 * DAY));
  const directory = new DirectoryService(services.db, services.audit, clock, services.people, services.users);
  const ids: string[] = [];
  for (const [i, s] of SERVICES.entries()) {
    const area = s.town === null ? FORCE_WIDE : towns[s.town % towns.length];
    const saved = await directory.add(loader, {
      name: s.name(area),
      description: s.description,
      needs: s.needs,
      area,
      contact: `01632 960${String(500 + i).padStart(3, '0')}, referrals@service-${i + 1}.example.org`,
      referralRoute: s.route,
      eligibility: s.eligibility ?? '',
      active: !s.eligibility?.startsWith('Closed'),
    });
    ids.push(saved.id);
  }

  const victims = await recentIncidentVictims(services.db, new Date(end.getTime() - 40 * DAY), 200);
  const distinct = [...new Map(victims.map((v) => [v.person_id!, v])).values()];
  const researcher = await demoUser(services.db, 'researcher');
  const coordinator = await demoUser(services.db, 'coordinator');
  const victimcare = await demoUser(services.db, 'victimcare');
  let enquiries = 0;
  if (researcher) {
    const actor = actorFrom(researcher);
    const register = new EnquiryService(services.db, services.audit, clock, services.people, services.users);
    // Received this many days before the end, and (for the answered ones) which decision; the rest stay open.
    const plan: { daysAgo: number; decided?: number }[] = [
      { daysAgo: 34, decided: 0 },
      { daysAgo: 27, decided: 1 },
      { daysAgo: 20, decided: 2 },
      { daysAgo: 15, decided: 0 },
      { daysAgo: 14 },
      { daysAgo: 11 },
      { daysAgo: 9 },
      { daysAgo: 3 },
      { daysAgo: 1 },
      { daysAgo: 0.2 },
    ];
    for (const [i, p] of plan.entries()) {
      const victim = distinct[i];
      if (!victim) break;
      const requester = REQUESTERS[i % REQUESTERS.length];
      const receivedAt = new Date(end.getTime() - p.daysAgo * DAY);
      clock.set(new Date(Math.min(receivedAt.getTime() + HOUR, end.getTime())));
      const saved = await register.record(actor, {
        requesterName: requester.name,
        requesterOrganisation: requester.organisation,
        requesterContact: requester.contact,
        purpose: requester.purpose,
        lawfulBasis: requester.basis,
        personIds: [victim.person_id!],
        receivedAt,
      });
      enquiries++;
      if (p.decided === undefined) continue;
      const d = DECISIONS[p.decided];
      const decidedAt = new Date(receivedAt.getTime() + 2 * DAY);
      clock.set(decidedAt);
      await register.decide(actor, saved.id, {
        version: 1,
        decision: d.decision,
        rationale: d.rationale,
        disclosedInformation: d.disclosed,
        disclosedAt: d.decision === 'decline' ? null : decidedAt,
      });
    }
  }

  let advice = 0;
  if (coordinator) {
    const actor = actorFrom(coordinator);
    const log = new OfficerAdviceService(services.db, services.audit, clock, services.incidents, services.users);
    for (const [i, v] of victims.slice(0, 15).entries()) {
      const advisedAt = new Date(new Date(v.reported_at).getTime() + (15 + (i % 4) * 10) * 60_000);
      if (advisedAt.getTime() > end.getTime()) continue;
      clock.set(new Date(advisedAt.getTime() + 60_000));
      const a = ADVICE[i % ADVICE.length];
      await log.record(actor, {
        incidentReference: v.reference,
        officerName: ['PC Lena Moorcroft', 'PC Dev Anand', 'PS Carla Brough', 'PC Owen Tallis', 'PC Grace Oyelaran'][i % 5],
        collarNumber: String(4100 + ((i * 37) % 800)),
        advisedAt,
        advice: a.advice,
        notes: a.notes,
      });
      advice++;
    }
  }

  if (victimcare) {
    const actor = actorFrom(victimcare);
    for (const [i, v] of distinct.slice(0, 6).entries()) {
      clock.set(new Date(Math.min(new Date(v.reported_at).getTime() + 3 * DAY, end.getTime())));
      await services.db.transaction().execute((trx) =>
        directory.recordSignposting(trx, actor, {
          personId: v.person_id!,
          serviceId: ids[[0, 4, 10, 8, 2, 12][i]],
          note: ['Agreed she would phone them this week.', 'Referred with her consent.', 'Leaflet sent by safe email.'][i % 3],
        }),
      );
    }
  }
  return { services: ids.length, enquiries, advice };
}
