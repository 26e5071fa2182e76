import type { Actor } from '../../platform/audit/actor.ts';
import type { AuditTrail } from '../../platform/audit/auditTrail.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Executor } from '../../platform/db/executor.ts';
import * as repo from './repository.ts';

export type NewSchool = repo.NewSchool;

/** A school as the task pages show it: whom to tell there, when it is known. */
export interface School {
  id: string;
  name: string;
  town: string | null;
  /** "Oakwell Primary School, Barnsley": two schools of one name are told apart by their town. */
  label: string;
  keyAdult: { name: string | null; email: string | null; phone: string | null } | null;
}

export const SCHOOL_SEARCH_LIMIT = 20;

function shown(r: NonNullable<Awaited<ReturnType<typeof repo.findSchool>>>): School {
  const keyAdult =
    r.key_adult_name || r.key_adult_email || r.key_adult_phone
      ? { name: r.key_adult_name, email: r.key_adult_email, phone: r.key_adult_phone }
      : null;
  return { id: r.id, name: r.name, town: r.town, label: r.town ? `${r.name}, ${r.town}` : r.name, keyAdult };
}

/** The register of schools Operation Encompass notices go to (migration 0022). */
export class SchoolService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  /** Schools by name or town. The register names schools and their staff contacts, not the people in a case. */
  async search(query: string): Promise<School[]> {
    if (!query.trim()) return [];
    return (await repo.searchSchools(this.db, query, SCHOOL_SEARCH_LIMIT)).map(shown);
  }

  async find(db: Executor, id: string): Promise<School | undefined> {
    const row = await repo.findSchool(db, id);
    return row && shown(row);
  }

  /** The school of that name and town, if the register has it. */
  async findNamed(db: Executor, name: string, town: string | null): Promise<School | undefined> {
    const row = await repo.findSchoolNamed(db, name, town);
    return row && shown(row);
  }

  /** The one school the register has of that name, in whatever town; none when there is none, or several. */
  async onlyOneNamed(db: Executor, name: string): Promise<School | undefined> {
    const rows = await repo.schoolsNamed(db, name.trim());
    return rows.length === 1 ? shown(rows[0]) : undefined;
  }

  /** A school the register did not have, added by the officer who found it, in the caller's transaction. */
  async register(trx: Executor, actor: Actor, school: NewSchool): Promise<School> {
    const row = shown(await repo.insertSchool(trx, school, actor.userId, this.clock.now()));
    await this.audit.record(trx, actor, {
      category: 'collection',
      action: 'school-added',
      recordType: 'school',
      recordIds: [row.id],
      details: { withKeyAdult: row.keyAdult !== null },
    });
    return row;
  }

  /** The key adult the officer found for a school the register knew without one. */
  async recordKeyAdult(trx: Executor, actor: Actor, id: string, school: NewSchool): Promise<School> {
    const row = shown(await repo.recordKeyAdult(trx, id, school));
    await this.audit.record(trx, actor, {
      category: 'alteration',
      action: 'school-key-adult-recorded',
      recordType: 'school',
      recordIds: [id],
    });
    return row;
  }
}
