import { can } from '../../domain/access/policy.ts';
import type { Actor } from '../../platform/audit/actor.ts';
import { paths } from '../../paths.ts';
import type { AuditLogService } from '../audit/index.ts';
import type { IncidentService } from '../incidents/index.ts';
import type { MatchService } from '../matches/index.ts';
import type { PeopleService } from '../people/index.ts';
import type { ReferralService } from '../referrals/index.ts';
import type { TriageService } from '../triage/index.ts';
import type { UserService } from '../users/index.ts';
import type { OrderService } from '../orders/index.ts';
import type { ReleaseService } from '../releases/index.ts';
import type { AlarmService } from '../alarms/index.ts';
import type { SecondResponderService } from '../support-programmes/index.ts';
import type { DvdsService } from '../dvds/index.ts';
import type { VictimsCodeService } from '../victims-code/index.ts';
import type { EnquiryService } from '../enquiries/index.ts';

export interface WorkSummaryItem {
  label: string;
  count: number;
  /** The count stopped there: there are more. */
  more?: boolean;
  href?: string;
  qa: string;
}

/** The modules whose figures a home page shows; the home page owns no table of its own. */
export interface HomeSources {
  triage: TriageService;
  users: UserService;
  auditLog: AuditLogService;
  incidents: IncidentService;
  people: PeopleService;
  matches: MatchService;
  referrals: ReferralService;
  orders: OrderService;
  releases: ReleaseService;
  alarms: AlarmService;
  secondResponder: SecondResponderService;
  victimsCode: VictimsCodeService;
  enquiries: EnquiryService;
  dvds: DvdsService;
}

/** The counts on each role's home page. Counts are not personal data, so viewing them is not a consultation. */
export class HomeService {
  constructor(private readonly sources: HomeSources) {}

  async workSummary(actor: Actor): Promise<WorkSummaryItem[]> {
    const { triage, users, auditLog, people } = this.sources;
    switch (actor.role) {
      case 'admin': {
        const accounts = await users.accountCounts();
        return [
          { label: 'Active users', count: accounts.activeUsers, qa: 'active-users' },
          { label: 'Locked accounts', count: accounts.lockedAccounts, qa: 'locked-users' },
          { label: 'Teams', count: accounts.teams, qa: 'teams' },
          { label: 'Partner agencies', count: accounts.agencies, qa: 'agencies' },
        ];
      }
      case 'auditor': {
        const events = await auditLog.eventCounts();
        return [
          { label: 'Audit events recorded', count: events.events, qa: 'audit-events' },
          { label: 'Refused access attempts', count: events.refused, qa: 'refused' },
        ];
      }
      case 'partner':
        return [
          {
            label: 'New referrals to your agency',
            count: await this.sources.referrals.newForAgency(actor),
            href: paths.partner.referrals,
            qa: 'partner-new-referrals',
          },
        ];
      default:
        if (can(actor, 'triage:view')) {
          return [
            ...(await this.enquirySummary(actor)),
            ...(await this.triageSummary(actor)),
            ...(await this.linkSummary(actor)),
            ...(await this.referralSummary(actor)),
            ...(await this.orderSummary(actor)),
            ...(await this.releaseSummary(actor)),
            ...(await this.supportSummary(actor)),
            ...(await this.dvdsSummary(actor)),
            await this.incidentsRecorded(),
          ];
        }
        return [
          ...(await this.orderSummary(actor)),
          ...(await this.releaseSummary(actor)),
          ...(await this.supportSummary(actor)),
          // The same count as the assessor's queue (open triage tasks): one source of truth for "awaiting triage".
          { label: 'Incidents awaiting triage', count: (await triage.counts(actor)).total, qa: 'awaiting-triage' },
          ...(await this.referralSummary(actor)),
          await this.incidentsRecorded(),
          { label: 'People in the index', count: await people.countCurrent(), qa: 'people' },
        ];
    }
  }

  /** The Victims' Code updates due today and overdue on the actor's and their team's cases (a consultation). */
  async victimUpdatesDue(actor: Actor) {
    return can(actor, 'victims-code:view') ? this.sources.victimsCode.dueForHome(actor) : undefined;
  }

  private async triageSummary(actor: Actor): Promise<WorkSummaryItem[]> {
    const counts = await this.sources.triage.counts(actor);
    return [
      { label: 'Incidents awaiting triage', count: counts.total, href: paths.triage.queue, qa: 'awaiting-triage' },
      { label: 'Overdue', count: counts.overdue, href: `${paths.triage.queue}?overdue=yes`, qa: 'triage-overdue' },
      { label: 'Assigned to me', count: counts.mine, href: `${paths.triage.queue}?assigned=me`, qa: 'triage-mine' },
    ];
  }

  /** Clare's Law applications open, overdue against the completion period, and due within 7 days. */
  private async dvdsSummary(actor: Actor): Promise<WorkSummaryItem[]> {
    if (!can(actor, 'dvds:record')) return [];
    const counts = await this.sources.dvds.counts();
    return [
      { label: "Clare's Law applications open", count: counts.open, href: paths.dvds.timeliness, qa: 'dvds-open' },
      { label: "Clare's Law applications overdue", count: counts.overdue, href: paths.dvds.timeliness, qa: 'dvds-overdue' },
      { label: "Clare's Law applications due within 7 days", count: counts.dueSoon, href: paths.dvds.timeliness, qa: 'dvds-due-soon' },
    ];
  }

  /** Notices whose hearing is still to come, and orders ending within 7 days (to extend, renew or let lapse). */
  private async orderSummary(actor: Actor): Promise<WorkSummaryItem[]> {
    if (!can(actor, 'order:record')) return [];
    const counts = await this.sources.orders.counts();
    return [
      {
        label: 'Protective notice hearings due',
        count: counts.hearings,
        href: `${paths.orders.register}?view=hearings`,
        qa: 'order-hearings',
      },
      { label: 'Orders ending within 7 days', count: counts.ending, href: `${paths.orders.register}?view=ending`, qa: 'orders-ending' },
    ];
  }

  /** Perpetrators released today, releases within the review lead time, and risk reviews overdue (those who record them). */
  private async releaseSummary(actor: Actor): Promise<WorkSummaryItem[]> {
    if (!can(actor, 'release:record')) return [];
    const counts = await this.sources.releases.counts();
    return [
      { label: 'Prison releases today', count: counts.today, href: `${paths.releases.register}?view=today`, qa: 'releases-today' },
      {
        label: 'Release risk reviews overdue',
        count: counts.overdue,
        href: `${paths.releases.register}?view=overdue`,
        qa: 'release-reviews-overdue',
      },
      {
        label: `Prison releases in the next ${counts.leadDays} days`,
        count: counts.soon,
        href: `${paths.releases.register}?view=upcoming`,
        qa: 'releases-soon',
      },
    ];
  }

  /** Panic alarms due for review or to recover (those who run the support programmes: seed 003). */
  private async supportSummary(actor: Actor): Promise<WorkSummaryItem[]> {
    if (!can(actor, 'support:record')) return [];
    const alarms = await this.sources.alarms.counts();
    const visits = await this.sources.secondResponder.counts();
    return [
      {
        label: 'Victims eligible for a Second Responder visit',
        count: visits.eligible,
        href: paths.secondResponder.list,
        qa: 'second-responder-eligible',
      },
      {
        label: 'Second Responder windows closing within 48 hours',
        count: visits.closing,
        href: paths.secondResponder.list,
        qa: 'second-responder-closing',
      },
      {
        label: 'Second Responder visits scheduled',
        count: visits.scheduled,
        href: paths.secondResponder.list,
        qa: 'second-responder-scheduled',
      },
      {
        label: 'Panic alarms due for review',
        count: alarms.reviewDue,
        href: `${paths.alarms.register}?view=review-due`,
        qa: 'alarms-review-due',
      },
      {
        label: 'Panic alarms to recover (case closed)',
        count: alarms.unreturned,
        href: `${paths.alarms.register}?view=out`,
        qa: 'alarms-unreturned',
      },
    ];
  }

  private async linkSummary(actor: Actor): Promise<WorkSummaryItem[]> {
    if (!can(actor, 'person:link')) return [];
    const { count, more } = await this.sources.matches.openCount();
    return [{ label: 'Possible matches to decide', count, more, href: paths.matches.queue, qa: 'possible-matches' }];
  }

  /** Referrers see the force's referrals awaiting a partner's answer, and those past the point the partner is chased. */
  private async referralSummary(actor: Actor): Promise<WorkSummaryItem[]> {
    if (!can(actor, 'referral:create')) return [];
    const counts = await this.sources.referrals.forceCounts(actor);
    return [
      {
        label: 'Referrals awaiting a response',
        count: counts.awaiting,
        href: `${paths.referrals.list}?scope=awaiting`,
        qa: 'referrals-awaiting',
      },
      {
        label: 'Referrals past the response time',
        count: counts.overdue,
        href: `${paths.referrals.list}?scope=overdue`,
        qa: 'referrals-overdue',
      },
    ];
  }

  private async enquirySummary(actor: Actor): Promise<WorkSummaryItem[]> {
    if (!can(actor, 'enquiry:view')) return [];
    const { open, overdue } = await this.sources.enquiries.counts();
    return [
      { label: 'Open enquiries', count: open, href: paths.enquiries.list, qa: 'enquiries-open' },
      { label: 'Enquiries overdue', count: overdue, href: `${paths.enquiries.list}?overdue=yes`, qa: 'enquiries-overdue' },
    ];
  }

  private async incidentsRecorded(): Promise<WorkSummaryItem> {
    return { label: 'DA incidents recorded', count: await this.sources.incidents.count(), qa: 'incidents' };
  }
}
