import type { InstrumentDefinition } from '../../domain/risk/instrument.ts';
import { validateInstrumentDefinition } from '../../domain/risk/instrument.ts';
import {
  BUILT_IN_INSTRUMENTS,
  builtInCode,
  builtInInstrument,
  forceVariant,
  type VariantChanges,
  type VariantError,
} from '../../domain/risk/variant.ts';
import type { Actor } from '../../platform/audit/actor.ts';
import type { AuditTrail } from '../../platform/audit/auditTrail.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Executor } from '../../platform/db/executor.ts';
import * as repo from './repository.ts';

/**
 * The definition an assessment was answered against: the built-in one, or the force variant stored under that code
 * and version. Past assessments keep their version because versions are only ever added.
 */
export async function instrumentDefinition(db: Executor, code: string, version: string): Promise<InstrumentDefinition | undefined> {
  const builtIn = builtInInstrument(code, version);
  if (builtIn) return builtIn;
  const row = await repo.findVariant(db, code, version);
  if (!row) return undefined;
  const validation = validateInstrumentDefinition(row.definition);
  if (!validation.ok) throw new Error(`Stored instrument ${code} ${version} is not a valid definition`);
  return validation.instrument;
}

/**
 * The newest version of an instrument by its catalogue code: a built-in's only version, or the variant saved last;
 * undefined when nothing is published under that code.
 */
export async function latestInstrumentDefinition(db: Executor, code: string): Promise<InstrumentDefinition | undefined> {
  const builtIn = builtInInstrument(code);
  if (builtIn) return builtIn;
  const row = await repo.latestVariant(db, code);
  if (!row) return undefined;
  const validation = validateInstrumentDefinition(row.definition);
  if (!validation.ok) throw new Error(`Stored instrument ${row.code} ${row.version} is not a valid definition`);
  return validation.instrument;
}

/** The instrument version an officer's answers are checked and stored against, or the field that names none. */
export type PublishedInstrument =
  { ok: true; code: string; definition: InstrumentDefinition } | { ok: false; field: 'instrument' | 'instrumentVersion'; message: string };

/**
 * An instrument the force has published, by its catalogue code (dash-2009, dara-2022, or a force variant's code):
 * the version named, or without one the current version (a built-in's only version; a variant's latest saved).
 */
export async function publishedInstrument(db: Executor, code: string, version?: string): Promise<PublishedInstrument> {
  const builtIn = BUILT_IN_INSTRUMENTS.find((d) => builtInCode(d) === code);
  if (builtIn) {
    if (version !== undefined && version !== builtIn.version) {
      return { ok: false, field: 'instrumentVersion', message: `${code} has no such version: its only version is ${builtIn.version}` };
    }
    return { ok: true, code, definition: builtIn };
  }
  const row = version === undefined ? await repo.latestVariant(db, code) : await repo.findVariant(db, code, version);
  if (!row) {
    const codes = [...BUILT_IN_INSTRUMENTS.map(builtInCode), ...(await repo.variantCodes(db))];
    if (version !== undefined && codes.includes(code)) {
      return { ok: false, field: 'instrumentVersion', message: `${code} has no such version: see /admin/instruments for its versions` };
    }
    return { ok: false, field: 'instrument', message: `instrument must be one the force has published: ${codes.join(', ')}` };
  }
  const validation = validateInstrumentDefinition(row.definition);
  if (!validation.ok) throw new Error(`Stored instrument ${row.code} ${row.version} is not a valid definition`);
  return { ok: true, code, definition: validation.instrument };
}

export interface CatalogueEntry {
  code: string;
  version: string;
  title: string;
  builtIn: boolean;
  baseCode: string;
  createdAt?: Date;
  createdBy?: string | null;
}

export class VariantRejected extends Error {
  constructor(readonly errors: VariantError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

export class InstrumentService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async catalogue(): Promise<CatalogueEntry[]> {
    const variants = await repo.listVariants(this.db);
    return [
      ...BUILT_IN_INSTRUMENTS.map((d) => ({
        code: builtInCode(d),
        version: d.version,
        title: d.title,
        builtIn: true,
        baseCode: builtInCode(d),
      })),
      ...variants.map((v) => ({
        code: v.code,
        version: v.version,
        title: v.title,
        builtIn: false,
        baseCode: v.base_code,
        createdAt: v.created_at,
        createdBy: v.created_by_name,
      })),
    ];
  }

  definition(code: string, version: string): Promise<InstrumentDefinition | undefined> {
    return instrumentDefinition(this.db, code, version);
  }

  /** Saves a new version varied from `from`; an existing (code, version) is never overwritten. */
  async saveVersion(actor: Actor, from: InstrumentDefinition, changes: VariantChanges): Promise<InstrumentDefinition> {
    const result = forceVariant(from, changes);
    if (!result.ok) throw new VariantRejected(result.errors);
    const { definition } = result;
    const baseCode = builtInInstrument(from.id, from.version) ? builtInCode(from) : ((await repo.baseCodeOf(this.db, from.id)) ?? from.id);
    return this.db.transaction().execute(async (trx) => {
      const owner = await repo.baseCodeOf(trx, definition.id);
      if (owner !== undefined && owner !== baseCode) {
        throw new VariantRejected([{ field: 'code', message: `${definition.id} is already a variant of ${owner}: choose another code` }]);
      }
      const id = await repo.insertVariant(trx, {
        code: definition.id,
        baseCode,
        version: definition.version,
        title: definition.title,
        definition,
        createdBy: actor.userId,
        createdAt: this.clock.now(),
      });
      if (!id) {
        throw new VariantRejected([
          {
            field: 'version',
            message: `Version ${definition.version} of ${definition.id} already exists: saved versions are never changed, so enter a new version`,
          },
        ]);
      }
      await this.audit.record(trx, actor, {
        category: 'alteration',
        action: 'instrument-version-created',
        recordType: 'risk_instrument',
        recordIds: [id],
        details: { code: definition.id, version: definition.version, baseCode, from: { code: from.id, version: from.version } },
      });
      return definition;
    });
  }
}
