import type { Actor } from '../../platform/audit/actor.ts';
import type { AuditTrail } from '../../platform/audit/auditTrail.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Executor } from '../../platform/db/executor.ts';
import * as repo from './repository.ts';

export type NewCase = repo.NewCase;

export interface SafeguardingCase {
  id: string;
  reference: string;
  victimPersonId: string;
  ownerId: string | null;
  teamId: string | null;
  status: 'open' | 'closed';
  enhancedRights: boolean;
  openedAt: Date;
  closedAt: Date | null;
  closureReason: string | null;
  version: number;
}

/** Who holds a person's open case: the owner is that person's "own caseload" officer, the team theirs. */
export interface CaseHolder {
  personId: string;
  ownerId: string | null;
  teamId: string | null;
}

type CaseRow = NonNullable<Awaited<ReturnType<typeof repo.findCase>>>;

function shown(r: CaseRow): SafeguardingCase {
  return {
    id: r.id,
    reference: r.reference,
    victimPersonId: r.victim_person_id,
    ownerId: r.owner_id,
    teamId: r.team_id,
    status: r.status as SafeguardingCase['status'],
    enhancedRights: r.enhanced_rights,
    openedAt: r.opened_at,
    closedAt: r.closed_at,
    closureReason: r.closure_reason,
    version: r.version,
  };
}

/** Safeguarding cases: the victim-centred record of the work after triage (migration 0023). */
export class CaseService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  /** Opens a case for a victim in the caller's transaction; a victim has at most one open case. */
  async open(trx: Executor, actor: Actor, input: NewCase): Promise<SafeguardingCase> {
    const row = shown(await repo.insertCase(trx, input, this.clock.now()));
    await this.audit.record(trx, actor, {
      category: 'collection',
      action: 'case-opened',
      subjects: [input.victimPersonId],
      recordType: 'safeguarding_case',
      recordIds: [row.id],
      details: { incidents: input.incidentIds.length },
    });
    return row;
  }

  /** A case by id, without auditing: the caller audits the view it is part of. */
  async find(db: Executor, id: string): Promise<SafeguardingCase | undefined> {
    const row = await repo.findCase(db, id);
    return row && shown(row);
  }

  async openCaseOf(db: Executor, victimPersonId: string): Promise<SafeguardingCase | undefined> {
    const row = await repo.openCaseOf(db, victimPersonId);
    return row && shown(row);
  }

  async incidentIds(db: Executor, caseId: string): Promise<string[]> {
    return repo.caseIncidentIds(db, caseId);
  }

  /** Changes the case's Enhanced Rights in the caller's transaction; the Victims' Code module records why and audits it. */
  async setEnhancedRights(trx: Executor, caseId: string, enhancedRights: boolean): Promise<boolean> {
    return repo.updateEnhancedRights(trx, caseId, enhancedRights);
  }

  /** Who holds these people's open cases (for working out a user's relationship to them). */
  async holders(personIds: readonly string[], db: Executor = this.db): Promise<CaseHolder[]> {
    const rows = await repo.openCaseHolders(db, personIds);
    return rows.map((r) => ({ personId: r.victim_person_id, ownerId: r.owner_id, teamId: r.team_id }));
  }
}
