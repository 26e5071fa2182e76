import { can } from '../../domain/access/policy.ts';
import type { Actor } from '../../platform/audit/actor.ts';
import type { Db } from '../../platform/db/database.ts';
import { paths } from '../../paths.ts';
import type { TriageService } from '../triage/service.ts';
import { openPossibleMatchCount } from '../matches/service.ts';

export interface WorkSummaryItem {
  label: string;
  count: number;
  /** The count stopped there: there are more. */
  more?: boolean;
  href?: string;
  qa: string;
}

/** The counts on each role's home page. Counts are not personal data, so viewing them is not a consultation. */
export class HomeService {
  constructor(
    private readonly db: Db,
    private readonly triage: TriageService,
  ) {}

  async workSummary(actor: Actor): Promise<WorkSummaryItem[]> {
    switch (actor.role) {
      case 'admin':
        return [
          { label: 'Active users', count: await this.count('app_user', (q) => q.where('disabled_at', 'is', null)), qa: 'active-users' },
          {
            label: 'Locked accounts',
            count: await this.count('app_user', (q) => q.where('locked_at', 'is not', null)),
            qa: 'locked-users',
          },
          { label: 'Teams', count: await this.count('team'), qa: 'teams' },
          { label: 'Partner agencies', count: await this.count('agency'), qa: 'agencies' },
        ];
      case 'auditor':
        return [
          { label: 'Audit events recorded', count: await this.count('audit_event'), qa: 'audit-events' },
          {
            label: 'Refused access attempts',
            count: await this.count('audit_event', (q) => q.where('outcome', '=', 'refused')),
            qa: 'refused',
          },
        ];
      case 'partner':
        return [];
      default:
        if (can(actor, 'triage:view'))
          return [...(await this.triageSummary(actor)), ...(await this.linkSummary(actor)), ...(await this.recordSummary())];
        return [
          // The same count as the assessor's queue (open triage tasks): one source of truth for "awaiting triage".
          { label: 'Incidents awaiting triage', count: (await this.triage.counts(actor)).total, qa: 'awaiting-triage' },
          { label: 'DA incidents recorded', count: await this.count('incident'), qa: 'incidents' },
          { label: 'People in the index', count: await this.count('person', (q) => q.where('merged_into', 'is', null)), qa: 'people' },
        ];
    }
  }

  private async triageSummary(actor: Actor): Promise<WorkSummaryItem[]> {
    const counts = await this.triage.counts(actor);
    return [
      { label: 'Incidents awaiting triage', count: counts.total, href: paths.triage.queue, qa: 'awaiting-triage' },
      { label: 'Overdue', count: counts.overdue, href: `${paths.triage.queue}?overdue=yes`, qa: 'triage-overdue' },
      { label: 'Assigned to me', count: counts.mine, href: `${paths.triage.queue}?assigned=me`, qa: 'triage-mine' },
    ];
  }

  private async linkSummary(actor: Actor): Promise<WorkSummaryItem[]> {
    if (!can(actor, 'person:link')) return [];
    const { count, more } = await openPossibleMatchCount(this.db);
    return [
      {
        label: 'Possible matches to decide',
        count,
        more,
        href: paths.matches.queue,
        qa: 'possible-matches',
      },
    ];
  }

  private async recordSummary(): Promise<WorkSummaryItem[]> {
    return [{ label: 'DA incidents recorded', count: await this.count('incident'), qa: 'incidents' }];
  }

  private async count<T extends 'app_user' | 'team' | 'agency' | 'audit_event' | 'incident' | 'person'>(
    table: T,
    filter: (q: any) => any = (q) => q, // eslint-disable-line @typescript-eslint/no-explicit-any
  ): Promise<number> {
    const row = await filter(
      this.db.selectFrom(table as 'team').select((eb) => eb.fn.countAll<string>().as('n')),
    ).executeTakeFirstOrThrow();
    return Number((row as { n: string }).n);
  }
}
