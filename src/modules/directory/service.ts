import { assertAllowed } from '../../platform/auth/access.ts';
import type { Actor } from '../../platform/audit/actor.ts';
import type { AuditTrail } from '../../platform/audit/auditTrail.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Executor } from '../../platform/db/executor.ts';
import type { PeopleService } from '../people/index.ts';
import type { UserService } from '../users/index.ts';
import * as repo from './repository.ts';
import type { ServiceForm } from './schemas.ts';

export { FORCE_WIDE } from './repository.ts';
export type ServiceSearch = Omit<repo.ServiceSearch, 'activeOnly'>;

export interface LocalService {
  id: string;
  name: string;
  description: string;
  needs: string[];
  area: string;
  contact: string;
  referralRoute: string;
  eligibility: string;
  active: boolean;
  updatedAt: Date;
  version: number;
}

export interface Signposting {
  id: string;
  personId: string;
  caseId: string | null;
  serviceName: string;
  serviceContact: string;
  note: string;
  recordedAt: Date;
  recordedBy: string | null;
}

export interface NewSignposting {
  personId: string;
  caseId?: string | null;
  serviceId: string;
  note: string;
}

/** The service was changed by someone else since the form was read. */
export class ServiceChanged extends Error {
  constructor(readonly current: LocalService) {
    super('Someone else changed this service while you were editing it');
  }
}

/** No such service, or (for signposting) one no longer active. */
export class NoSuchService extends Error {
  constructor() {
    super('No such service in the directory');
  }
}

export class NoSuchPerson extends Error {
  constructor() {
    super('No such person');
  }
}

/** A second service with the same name in the same area. */
export class DuplicateService extends Error {
  constructor() {
    super('There is already a service with this name in this area');
  }
}

type Row = NonNullable<Awaited<ReturnType<typeof repo.findService>>>;
const shown = (r: Row): LocalService => ({
  id: r.id,
  name: r.name,
  description: r.description,
  needs: r.needs,
  area: r.area,
  contact: r.contact,
  referralRoute: r.referral_route,
  eligibility: r.eligibility,
  active: r.active,
  updatedAt: r.updated_at,
  version: r.version,
});

/**
 * The signposting directory: local services an administrator keeps (not personal data: the services themselves), and
 * each time a person was signposted to one (personal data: recorded and read with an audit event).
 */
export class DirectoryService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly people: PeopleService,
    /** Who recorded a signposting, by name. */
    private readonly users: Pick<UserService, 'displayNames'>,
  ) {}

  /** Staff search: active services meeting a need in an area (force-wide services are in every area). */
  async search(actor: Actor, search: ServiceSearch): Promise<LocalService[]> {
    assertAllowed(actor, 'directory:search', { relationship: 'force' });
    return (await repo.searchServices(this.db, { ...search, activeOnly: true })).map(shown);
  }

  /** Every service, active or not, for the administrator. */
  async all(actor: Actor, search: ServiceSearch = {}): Promise<LocalService[]> {
    assertAllowed(actor, 'directory:manage', { relationship: 'force' });
    return (await repo.searchServices(this.db, { ...search, activeOnly: false })).map(shown);
  }

  async find(id: string, db: Executor = this.db): Promise<LocalService | undefined> {
    if (!UUID.test(id)) return undefined;
    const row = await repo.findService(db, id);
    return row && shown(row);
  }

  areas(): Promise<string[]> {
    return repo.areas(this.db);
  }

  async add(actor: Actor, form: ServiceForm): Promise<LocalService> {
    assertAllowed(actor, 'directory:manage', { relationship: 'force' }, [], 'alteration');
    return this.db.transaction().execute(async (trx) => {
      if (await repo.findNamed(trx, form.name, form.area)) throw new DuplicateService();
      const row = shown(await repo.insertService(trx, form, this.clock.now()));
      await this.audit.record(trx, actor, {
        category: 'alteration',
        action: 'directory-service-added',
        recordType: 'directory-service',
        recordIds: [row.id],
        details: { name: row.name, area: row.area },
      });
      return row;
    });
  }

  /** Saves the administrator's changes if the service is still at `version`; throws ServiceChanged otherwise. */
  async change(actor: Actor, id: string, version: number, form: ServiceForm): Promise<LocalService> {
    assertAllowed(actor, 'directory:manage', { relationship: 'force' }, [], 'alteration');
    return this.db.transaction().execute(async (trx) => {
      const before = await this.find(id, trx);
      if (!before) throw new NoSuchService();
      const same = await repo.findNamed(trx, form.name, form.area);
      if (same && same.id !== id) throw new DuplicateService();
      const row = await repo.updateService(trx, id, version, form, this.clock.now());
      if (!row) throw new ServiceChanged(before);
      const changed = (Object.keys(form) as (keyof ServiceForm)[]).filter(
        (k) => JSON.stringify(form[k]) !== JSON.stringify(before[k as keyof LocalService]),
      );
      await this.audit.record(trx, actor, {
        category: 'alteration',
        action: 'directory-service-changed',
        recordType: 'directory-service',
        recordIds: [id],
        details: { name: row.name, changed },
      });
      return shown(row);
    });
  }

  /**
   * Records in the caller's transaction that a person was signposted to an active service in the directory (from a
   * case page, a contact or this module's own form). The caller has checked the actor may see the person.
   */
  async recordSignposting(trx: Executor, actor: Actor, input: NewSignposting): Promise<{ id: string; recordedAt: Date }> {
    assertAllowed(actor, 'signposting:record', { relationship: 'force' }, [input.personId], 'collection');
    const service = await this.find(input.serviceId, trx);
    if (!service || !service.active) throw new NoSuchService();
    const row = await repo.insertSignposting(
      trx,
      { personId: input.personId, caseId: input.caseId ?? null, serviceId: service.id, note: input.note, recordedBy: actor.userId },
      this.clock.now(),
    );
    await this.audit.record(trx, actor, {
      category: 'collection',
      action: 'signposting-recorded',
      subjects: [input.personId],
      recordType: 'signposting',
      recordIds: [row.id, ...(input.caseId ? [input.caseId] : [])],
      details: { serviceId: service.id, service: service.name },
    });
    return { id: row.id, recordedAt: row.recorded_at };
  }

  /**
   * The page for signposting a person: who they are and where they have been signposted before. Undefined when there is
   * no such person; refused (AccessRefused) when the actor may not see them.
   */
  async personPage(actor: Actor, personId: string) {
    assertAllowed(actor, 'signposting:record', { relationship: 'force' }, [], 'consultation');
    const located = UUID.test(personId) ? await this.people.locate(actor, personId) : undefined;
    if (!located) return undefined;
    return this.db.transaction().execute(async (trx) => {
      const [person] = await this.people.identities(trx, [located]);
      const signposting = await this.signpostingOf(trx, actor, located);
      return { person, signposting };
    });
  }

  /** This module's own form: signposts a person (checked as the page is) to a service, in one transaction. */
  async signpost(actor: Actor, personId: string, input: { serviceId: string; note: string; caseId?: string | null }) {
    const located = UUID.test(personId) ? await this.people.locate(actor, personId) : undefined;
    if (!located) throw new NoSuchPerson();
    return this.db.transaction().execute((trx) => this.recordSignposting(trx, actor, { ...input, personId: located }));
  }

  /** The services a person has been signposted to, newest first, read (and recorded as read) in the caller's transaction. */
  async signpostingOf(trx: Executor, actor: Actor, personId: string): Promise<Signposting[]> {
    const rows = await repo.signpostingOf(trx, [personId]);
    await this.audit.record(trx, actor, {
      category: 'consultation',
      action: 'signposting-viewed',
      subjects: [personId],
      recordType: 'signposting',
      recordIds: rows.map((r) => r.id),
    });
    const names = await this.users.displayNames(
      trx,
      rows.map((r) => r.recorded_by),
    );
    return rows.map((r) => ({
      id: r.id,
      personId: r.person_id,
      caseId: r.case_id,
      serviceName: r.service_name,
      serviceContact: r.service_contact,
      note: r.note,
      recordedAt: r.recorded_at,
      recordedBy: (r.recorded_by && names.get(r.recorded_by)) ?? null,
    }));
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
