import crypto from 'node:crypto';
import type pg from 'pg';
import { ENGLAND_AND_WALES } from '../../src/domain/calendar/bankHolidays.ts';
import { londonDateOf } from '../../src/domain/calendar/london.ts';
import { DASH_2009 } from '../../src/domain/risk/instruments.ts';
import { maracCriteria } from '../../src/domain/risk/marac.ts';
import { triageFlags, triagePriority } from '../../src/domain/triage/priority.ts';
import { DEFAULT_TRIAGE_SLA, type TriageSla } from '../../src/domain/triage/tasks.ts';
import type { Actor } from '../../src/platform/audit/actor.ts';
import type { AuditTrail } from '../../src/platform/audit/auditTrail.ts';
import type { Db } from '../../src/platform/db/database.ts';
import { dashAnswers, firstTasks } from '../../src/modules/incidents/index.ts';
import type { LinkOutcome } from '../../src/modules/people/index.ts';
import { generateForce, type GeneratedIncident } from '../generator/force.ts';
import { ParallelCopy, type TableCopy } from './copy.ts';
import { dropIndexes, rebuildIndexes } from './indexes.ts';
import { LinkerThread, type LinkedParty } from './linkerThread.ts';

/**
 * The generator's true person behind each mention, their family and true name (for linkage by kind of pair), for
 * measuring linkage; only the benchmark database has it.
 */
export const TRUTH_TABLE = 'bench_truth';

const TABLES = {
  person: ['id', 'given_name', 'middle_names', 'family_name', 'date_of_birth', 'sex', 'pnc_id', 'created_at'],
  incident: [
    'id',
    'reference',
    'source_system',
    'source_reference',
    'reported_at',
    'occurred_at',
    'location_address',
    'location_postcode',
    'classification',
    'relationship',
    'narrative',
    'marac_criteria',
    'created_at',
  ],
  person_mention: [
    'id',
    'person_id',
    'incident_id',
    'source_system',
    'role',
    'details',
    'link',
    'link_score',
    'link_explanation',
    'created_at',
  ],
  incident_party: ['id', 'incident_id', 'mention_id', 'person_id', 'role', 'present', 'school'],
  person_blocking_key: ['key', 'person_id', 'mention_id'],
  risk_assessment: ['id', 'incident_id', 'instrument', 'instrument_version', 'answers', 'comments', 'officer_grade', 'submitted_at'],
  task: [
    'id',
    'type',
    'incident_id',
    'subject_person_id',
    'due_at',
    'source_rule',
    'details',
    'created_at',
    'priority',
    'flags',
    'reported_at',
  ],
  possible_match: ['id', 'mention_id', 'person_id', 'candidate_person_id', 'probability', 'weight', 'explanation', 'created_at'],
  [TRUTH_TABLE]: ['mention_id', 'truth_key', 'family_key', 'true_name'],
} as const satisfies Record<string, readonly string[]>;

/**
 * The benchmark cluster's settings, for loading in bulk as PostgreSQL's "Populating a Database" advises: no WAL for
 * rows COPY writes into a table emptied in the same transaction, nor for indexes built (wal_level minimal, which
 * rules out replication), checkpoints far apart, and more shared memory than the default 128 MB. Durability is
 * unchanged (fsync and synchronous_commit as default); the queries timed after the load run on the same settings.
 */
export const BULK_LOAD_SETTINGS = {
  wal_level: 'minimal',
  max_wal_senders: '0',
  max_wal_size: '16GB',
  checkpoint_timeout: '30min',
  shared_buffers: '1GB',
  wal_buffers: '64MB',
} as const;

const COPIES: TableCopy[] = Object.entries(TABLES).map(([table, columns]) => ({ table, columns }));
const INDEXED_TABLES = Object.keys(TABLES).filter((t) => t !== TRUTH_TABLE);

export interface BulkLoadOptions {
  seed: number;
  incidents: number;
  start: Date;
  years: number;
  batchSize?: number;
  sla?: TriageSla;
  onProgress?: (incidents: number, total: number) => void;
  onPhase?: (phase: string) => void;
}

export interface BulkLoadCounts {
  incidents: number;
  mentions: number;
  people: number;
  possibleMatches: number;
  tasks: number;
  links: Record<LinkOutcome, number>;
}

const DAY_MS = 86_400_000;
/** Victim histories older than this cannot count towards MARAC's 365-day window (reports lag by days at most). */
const HISTORY_KEPT_MS = 400 * DAY_MS;
/**
 * Incidents sent to the linker thread at a time, and how many such chunks may be on their way: enough that the
 * thread still has work while this one waits for PostgreSQL to finish a batch (several seconds at a million).
 */
const CHUNK = 500;
const CHUNKS_IN_FLIGHT = 16;

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const pgArray = (values: readonly string[]) => `{${values.join(',')}}`;

/**
 * Loads a synthetic force straight into the tables intake writes: every party resolved in memory by the linkage
 * model (MemoryPersonIndex, in the linker thread); MARAC criteria, first tasks and triage priority worked out by the
 * same domain functions intake uses; rows written with one COPY per table (ParallelCopy), indexes dropped first and
 * rebuilt after. One audit event per batch of incidents records what was collected, once the rows are committed.
 */
export async function bulkLoad(pool: pg.Pool, db: Db, audit: AuditTrail, actor: Actor, options: BulkLoadOptions): Promise<BulkLoadCounts> {
  const { seed, incidents: total, start, years, batchSize = 50_000, sla = DEFAULT_TRIAGE_SLA } = options;
  const personIds: string[] = [];
  const victimHistory = new Map<number, { incidentId: string; occurredAt: number }[]>();
  const victimsOfSuspect = new Map<number, Set<number>>();
  const counts: BulkLoadCounts = {
    incidents: 0,
    mentions: 0,
    people: 0,
    possibleMatches: 0,
    tasks: 0,
    links: { matched: 0, new: 0, review: 0 },
  };

  const admin = await pool.connect();
  let dropped;
  try {
    await admin.query(
      `create table if not exists ${TRUTH_TABLE} (mention_id uuid not null, truth_key text not null, family_key text, true_name text)`,
    );
    dropped = await dropIndexes(admin, INDEXED_TABLES);
  } finally {
    admin.release();
  }

  const forceIncidents = generateForce({ seed, incidents: total, start, years });
  const copy = await ParallelCopy.open(pool, COPIES);
  let batch = { incidents: 0, mentions: 0, people: 0, possibleMatches: 0, tasks: 0 };
  /** What each batch collected, for its audit event: recorded once the rows are committed. */
  const batches: Record<string, number>[] = [];
  const endBatch = () => {
    if (batch.incidents === 0) return;
    batches.push({ seed, ...batch, loadedSoFar: counts.incidents, of: total });
    batch = { incidents: 0, mentions: 0, people: 0, possibleMatches: 0, tasks: 0 };
  };

  /** The rows of one incident whose parties the linker thread has resolved. */
  const writeIncident = (rows: ParallelCopy, { input, truth }: GeneratedIncident, linked: LinkedParty[]) => {
    const incidentId = crypto.randomUUID();
    const reportedAt = new Date(input.reportedAt);
    const occurredAt = input.occurredAt ? new Date(input.occurredAt) : null;
    const at = iso(reportedAt);

    const people: number[] = [];
    input.parties.forEach((party, i) => {
      const mentionId = crypto.randomUUID();
      const resolution = linked[i];
      people.push(resolution.person);
      if (resolution.person === personIds.length) {
        const d = party.person;
        personIds.push(crypto.randomUUID());
        rows.add('person', [
          personIds[resolution.person],
          d.givenName,
          d.middleName ?? '',
          d.familyName,
          d.dateOfBirth ?? null,
          d.sex ?? 'unknown',
          d.pncId ?? null,
          at,
        ]);
        batch.people++;
      }
      const personId = personIds[resolution.person];
      const best = resolution.best;
      const explanation = best?.explanation ?? null;
      rows.add('person_mention', [
        mentionId,
        personId,
        incidentId,
        input.sourceSystem,
        party.role,
        JSON.stringify(party.person),
        resolution.outcome === 'matched' ? 'auto' : resolution.outcome,
        best?.probability ?? null,
        explanation,
        at,
      ]);
      rows.add('incident_party', [
        crypto.randomUUID(),
        incidentId,
        mentionId,
        personId,
        party.role,
        party.present ?? null,
        party.school ?? null,
      ]);
      for (const key of resolution.keys) rows.add('person_blocking_key', [key, personId, mentionId]);
      rows.add(TRUTH_TABLE, [mentionId, truth.personKeys[i], truth.familyKeys[i], truth.names[i]]);
      if (resolution.outcome === 'review' && best) {
        rows.add('possible_match', [
          crypto.randomUUID(),
          mentionId,
          personId,
          personIds[best.person],
          best.probability,
          best.weight,
          explanation,
          at,
        ]);
        batch.possibleMatches++;
      }
      counts.links[resolution.outcome]++;
      batch.mentions++;
    });
    const ids = people.map((p) => personIds[p]);

    const victim = people[input.parties.findIndex((p) => p.role === 'victim')];
    const suspects = people.filter((_, i) => input.parties[i].role === 'suspect');
    const when = (occurredAt ?? reportedAt).getTime();
    const history = victimHistory.get(victim) ?? [];
    history.push({ incidentId, occurredAt: when });
    while (history.length && history[0].occurredAt < when - HISTORY_KEPT_MS) history.shift();
    victimHistory.set(victim, history);
    const since = when - 366 * DAY_MS;
    const dash = dashAnswers(input);
    const criteria = maracCriteria({
      current: { incidentId, occurredAt: new Date(when), victimId: personIds[victim], suspectIds: suspects.map((s) => personIds[s]) },
      // The generator answers DASH 2009 only.
      questionnaire: dash && { instrument: DASH_2009, answers: dash },
      victimIncidents: history
        .filter((h) => h.occurredAt >= since)
        .map((h) => ({ incidentId: h.incidentId, occurredAt: new Date(h.occurredAt) })),
      maracReferrals: [],
    }).map((c) => ({ criterion: c.criterion, reason: c.reason }));

    let suspectMostVictims = 0;
    for (const suspect of suspects) {
      const victims = victimsOfSuspect.get(suspect) ?? new Set<number>();
      victims.add(victim);
      victimsOfSuspect.set(suspect, victims);
      suspectMostVictims = Math.max(suspectMostVictims, victims.size);
    }
    const maracNames = criteria.map((c) => c.criterion);
    const flags = triageFlags({
      classification: input.classification,
      dash: input.riskAssessment
        ? Object.fromEntries(Object.entries(input.riskAssessment.answers).map(([id, value]) => [id, { value }]))
        : undefined,
      childParties: input.parties.filter((p) => p.role === 'child').length,
      suspectMostVictims,
      maracCriteria: maracNames,
    });
    const officerGrade = input.riskAssessment?.officerGrade ?? null;
    const priority = triagePriority({ officerGrade, flags, maracCriteria: maracNames }).score;

    rows.add('incident', [
      incidentId,
      `SG-${londonDateOf(reportedAt).slice(0, 4)}-${String(counts.incidents + 1).padStart(7, '0')}`,
      input.sourceSystem,
      input.sourceReference,
      at,
      iso(occurredAt),
      input.location?.address ?? null,
      input.location?.postcode ?? null,
      input.classification,
      input.relationship ?? null,
      input.narrative ?? null,
      JSON.stringify(criteria),
      at,
    ]);
    if (input.riskAssessment) {
      const ra = input.riskAssessment;
      rows.add('risk_assessment', [
        crypto.randomUUID(),
        incidentId,
        ra.instrument,
        DASH_2009.version,
        JSON.stringify(ra.answers),
        JSON.stringify(ra.comments ?? {}),
        ra.officerGrade,
        at,
      ]);
    }
    // The history is recorded as it happened: each row carries the time the incident was reported.
    for (const task of firstTasks(incidentId, input, ids, reportedAt, sla, ENGLAND_AND_WALES)) {
      const triage = task.type === 'triage';
      rows.add('task', [
        crypto.randomUUID(),
        task.type,
        incidentId,
        task.subjectPersonId,
        iso(task.dueAt),
        task.sourceRule,
        JSON.stringify(task.details),
        iso(task.createdAt),
        triage ? priority : 0,
        pgArray(triage ? flags : []),
        iso(task.reportedAt),
      ]);
      batch.tasks++;
    }

    counts.incidents++;
    batch.incidents++;
  };

  // Generation and row-writing here, linking in the linker thread: while the thread links the chunks sent, this
  // thread generates the next ones and writes the rows of those already linked (at most CHUNKS_IN_FLIGHT ahead).
  const linker = new LinkerThread();
  const inFlight: { incidents: GeneratedIncident[]; linked: Promise<LinkedParty[][]> }[] = [];
  const writeOldest = async () => {
    const { incidents, linked } = inFlight.shift()!;
    const parties = await linked;
    for (let i = 0; i < incidents.length; i++) writeIncident(copy, incidents[i], parties[i]);
    copy.flush();
    options.onProgress?.(counts.incidents, total);
    // Let the sockets drain into PostgreSQL while the next rows are linked.
    await new Promise((resolve) => setImmediate(resolve));
    if (batch.incidents >= batchSize) endBatch();
  };
  try {
    let chunk: GeneratedIncident[] = [];
    const send = () => {
      inFlight.push({ incidents: chunk, linked: linker.link(chunk.map((g) => g.input.parties.map((p) => p.person))) });
      chunk = [];
    };
    for (const generated of forceIncidents) {
      chunk.push(generated);
      if (chunk.length < CHUNK) continue;
      send();
      if (inFlight.length >= CHUNKS_IN_FLIGHT) await writeOldest();
    }
    if (chunk.length) send();
    while (inFlight.length) await writeOldest();
    endBatch();
    await copy.end();
  } catch (error) {
    await copy.abandon();
    throw error;
  } finally {
    await linker.close();
  }
  await db.transaction().execute(async (trx) => {
    for (const details of batches) {
      await audit.record(trx, actor, { category: 'collection', action: 'bulk-load', recordType: 'incident', details });
    }
  });
  options.onProgress?.(counts.incidents, total);

  counts.mentions = counts.links.matched + counts.links.new + counts.links.review;
  counts.people = personIds.length;
  counts.possibleMatches = counts.links.review;
  counts.tasks = 0;
  await pool.query(`select setval('incident_reference_seq', $1)`, [Math.max(1, counts.incidents)]);
  options.onPhase?.('building indexes');
  await rebuildIndexes(pool, dropped, (name) => options.onPhase?.(`building index ${name}`));
  const { rows } = await pool.query<{ n: string }>('select count(*) as n from task');
  counts.tasks = Number(rows[0].n);
  return counts;
}
