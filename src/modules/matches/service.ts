import type { Actor } from '../../platform/audit/actor.ts';
import type { AuditTrail } from '../../platform/audit/auditTrail.ts';
import { assertAllowed } from '../../platform/auth/access.ts';
import type { RelationshipSource } from '../../platform/auth/route.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Executor } from '../../platform/db/executor.ts';
import { Conflict, NotFound } from '../../platform/errors.ts';
import { comparedVersions, comparisonRows, type ComparedVersions, type ComparisonRow, type FieldExplanation } from './comparison.ts';
import { FellegiSunterModel, reviewReason, type PersonRecord } from '../../domain/linkage/index.ts';
import { REVIEW_REASON_LABEL, REVIEW_REASON_TEXT } from '../../domain/linkage/display.ts';
import * as repo from './repository.ts';
import { recordIdsOfPerson, mentionIdsOf, moveMentions, repointMergedInto, restoreMergedInto, setMergedInto } from '../people/index.ts';
import * as mergeRepo from './mergeRepository.ts';
import * as pairRepo from './pairRepository.ts';
import type { IncidentService } from '../incidents/index.ts';
import type { MergeParticipant, MovedRecords } from './mergeParticipants.ts';
import {
  recomputeMaracCriteriaAfter,
  recordMaracCriteriaRecomputed,
  recordReprioritised,
  reprioritiseTriageAfter,
} from '../triage/index.ts';
import type { DecisionInput, QueueView } from './schemas.ts';
import { slaClock } from '../../domain/triage/priority.ts';

export const MATCHES_PAGE_SIZE = 25;
/** The queue counts each view this far and lists this many pairs of it: the rest wait until these are decided. */
export const QUEUE_COUNT_LIMIT = 1000;
const RECENT_INCIDENTS = 5;
/** How many of the candidate's mentions are searched for the version a pair was compared with. */
const VERSIONS_SEARCHED = 200;
/** Intake's model (runtime.ts), to work out again the levels of the comparison that proposed a pair. */
const LEVELS_MODEL = new FellegiSunterModel();

/**
 * Open pairs waiting for a decision (the home page count), counted up to QUEUE_COUNT_LIMIT: an exact count of a large
 * force's hundreds of thousands took seconds. A count is not personal data: not a consultation.
 */
export async function openPossibleMatchCount(db: Db): Promise<{ count: number; more: boolean }> {
  const n = await repo.countOpenMatchesUpTo(db, QUEUE_COUNT_LIMIT);
  return { count: Math.min(n, QUEUE_COUNT_LIMIT), more: n > QUEUE_COUNT_LIMIT };
}

/** Someone else decided the possible match, or changed the records, since the page was loaded. */
export class MatchConflict extends Conflict {}

export type DecisionOutcome =
  | { outcome: 'merged'; survivorId: string; mergedId: string }
  | { outcome: 'kept-apart'; personId: string; candidateId: string; relatives?: boolean }
  | { outcome: 'already-same'; survivorId: string };

type PersonRow = NonNullable<Awaited<ReturnType<typeof pairRepo.findPerson>>>;

export interface MatchSide {
  person: PersonRow;
  /** The person's own record and every record merged into it. */
  recordIds: string[];
  incidents: number;
  recent: Awaited<ReturnType<typeof pairRepo.recentIncidentsOf>>;
}

const nameOf = (p: { given_name: string; family_name: string }) => `${p.family_name.toUpperCase()}, ${p.given_name}`;

/** An incident one side shares with the other person: the side's role in it, and theirs. */
export interface SharedIncident {
  incidentId: string;
  reference: string;
  reportedAt: Date;
  ownRole: string;
  otherRole: string;
}

/** Someone both records have been parties with (the same victim, the same suspect), and in which incidents. */
export interface SharedParty {
  id: string;
  /** Null for a restricted record: those who may link records are told someone is shared, not who. */
  name: string | null;
  dateOfBirth: string | null;
  a: SharedIncident[];
  b: SharedIncident[];
}

/** The rows of partiesInCommon, one entry per other person. */
function sharedParties(rows: Awaited<ReturnType<typeof pairRepo.partiesInCommon>>): SharedParty[] {
  const byPerson = new Map<string, SharedParty>();
  for (const r of rows) {
    const restricted = r.restriction !== 'none';
    let party = byPerson.get(r.other_id);
    if (!party) {
      party = {
        id: r.other_id,
        name: restricted ? null : nameOf(r),
        dateOfBirth: restricted ? null : r.date_of_birth,
        a: [],
        b: [],
      };
      byPerson.set(r.other_id, party);
    }
    party[r.side].push({
      incidentId: r.incident_id,
      reference: r.reference,
      reportedAt: r.reported_at,
      ownRole: r.own_role,
      otherRole: r.other_role,
    });
  }
  return [...byPerson.values()];
}

/**
 * The research assistant's work on person linkage: the queue of possible matches, deciding them (merge, or remember
 * that two records are different people) and undoing merges. Every decision is a 'combination' audit event naming
 * both people, written in the transaction that makes it.
 */
/** The short label of why a pair was not linked automatically, for the queue (the pair page gives it in full). */
function whyReviewLabel(probability: number, explanation: FieldExplanation[]): string | undefined {
  const reason = reviewReason(probability, explanation);
  return reason && REVIEW_REASON_LABEL[reason];
}

/** Raises a possible match for a research assistant to decide, in the caller's (intake's) transaction. */
export function proposeMatch(trx: Executor, match: Parameters<typeof pairRepo.insertPossibleMatch>[1]): Promise<void> {
  return pairRepo.insertPossibleMatch(trx, match);
}

/** The decisions that keep two people apart ('different', 'relatives') between any two of these (current, merges followed) people, both ways round. */
export async function differentPairsAmong(trx: Executor, personIds: string[]): Promise<Map<string, Set<string>>> {
  const pairs = new Map<string, Set<string>>();
  if (personIds.length < 2) return pairs;
  const add = (from: string, to: string) => pairs.set(from, (pairs.get(from) ?? new Set()).add(to));
  for (const { a, b } of await pairRepo.pairsKeptApartAmong(trx, personIds)) {
    add(a, b);
    add(b, a);
  }
  return pairs;
}

/**
 * What a merge's audit event says it moved: the tasks and MARAC referrals under the names they have always had, every
 * other participant's ids under its own name.
 */
function movedDetails(moved: MovedRecords) {
  const { tasks, victimReferrals, perpetratorReferrals, ...others } = moved;
  return {
    movedTasks: tasks ?? [],
    movedMaracReferrals: [...new Set([...(victimReferrals ?? []), ...(perpetratorReferrals ?? [])])],
    ...(Object.keys(others).length ? { movedRecords: others } : {}),
  };
}

export class MatchService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    /** Works out the actor's relationship to the records linked (the access module). */
    private readonly access: RelationshipSource,
    /** Owns the incident: a merge moves its parties and stores recomputed MARAC criteria through it. */
    private readonly incidents: Pick<IncidentService, 'moveParties' | 'recordMaracCriteria'>,
    /** What a merge moves to the survivor besides mentions, one participant per owning module (src/services.ts). */
    private readonly participants: readonly MergeParticipant[],
  ) {}

  /** Open possible matches, counted up to the queue's limit. */
  openCount(): Promise<{ count: number; more: boolean }> {
    return openPossibleMatchCount(this.db);
  }

  /**
   * One page of a view of the queue, with how many pairs each view holds (counted up to QUEUE_COUNT_LIMIT). Without a
   * view chosen, the pairs needed for triage come first whenever there are any.
   */
  async queue(actor: Actor, page: number, chosen?: QueueView) {
    assertAllowed(actor, 'person:link');
    return this.db.transaction().execute(async (trx) => {
      const counts = await repo.countOpenMatchesByView(trx, QUEUE_COUNT_LIMIT);
      const view: QueueView = chosen ?? (counts.awaitingTriage > 0 ? 'awaiting-triage' : 'all');
      const listed = Math.min(view === 'all' ? counts.all : counts.awaitingTriage, QUEUE_COUNT_LIMIT);
      const pages = Math.max(1, Math.ceil(listed / MATCHES_PAGE_SIZE));
      const current = Math.min(page, pages);
      const window = { limit: MATCHES_PAGE_SIZE, offset: (current - 1) * MATCHES_PAGE_SIZE };
      const now = this.clock.now();
      const rows =
        view === 'all'
          ? (await repo.openMatches(trx, window)).map((r) => ({ ...r, triage: undefined }))
          : (await repo.openMatchesAwaitingTriage(trx, window)).map((r) => ({
              ...r,
              triage: {
                incidentId: r.incident_id,
                reference: r.reference,
                role: r.role,
                priority: r.priority,
                dueAt: r.due_at,
                sla: slaClock(new Date(r.due_at), now),
              },
            }));
      const items = rows.map((r) => ({
        id: r.id,
        probability: r.probability,
        whyReview: whyReviewLabel(r.probability, r.explanation as FieldExplanation[]),
        createdAt: r.created_at,
        triage: r.triage,
        a: {
          name: nameOf({ given_name: r.a_given_name, family_name: r.a_family_name }),
          dateOfBirth: r.a_date_of_birth,
          incidents: r.a_incidents,
        },
        b: {
          name: nameOf({ given_name: r.b_given_name, family_name: r.b_family_name }),
          dateOfBirth: r.b_date_of_birth,
          incidents: r.b_incidents,
        },
      }));
      if (rows.length) {
        await this.audit.record(trx, actor, {
          category: 'consultation',
          action: 'possible-matches-listed',
          subjects: [...new Set(rows.flatMap((r) => [r.person_id, r.candidate_person_id]))],
          recordType: 'possible_match',
          recordIds: rows.map((r) => r.id),
          details: { view },
        });
      }
      const countOf = (n: number) => ({ n: Math.min(n, QUEUE_COUNT_LIMIT), more: n > QUEUE_COUNT_LIMIT });
      return {
        view,
        counts: { awaitingTriage: countOf(counts.awaitingTriage), all: countOf(counts.all) },
        items,
        total: listed,
        page: current,
        pages,
      };
    });
  }

  /** The two records side by side, with how each field compared and the weight it added. */
  async show(actor: Actor, id: string) {
    return this.db.transaction().execute(async (trx) => {
      const match = await pairRepo.findMatch(trx, id);
      if (!match) return undefined;
      // An open pair is shown as the records now stand (either may have been merged since); a decided one as it was.
      const open = match.state === 'open';
      const a = await this.side(trx, open ? match.person_now : match.person_id);
      const b = await this.side(trx, open ? match.candidate_now : match.candidate_person_id);
      await this.assertMayLink(trx, actor, [a.person, b.person]);
      const explanation = match.explanation as FieldExplanation[];
      const whyReview = reviewReason(match.probability, explanation);
      const compared = await this.comparedVersions(trx, match, explanation, b.person.id);
      const rows: ComparisonRow[] = compared ? comparisonRows(explanation, compared) : [];
      const inCommon = sharedParties(await pairRepo.partiesInCommon(trx, a.recordIds, b.recordIds));
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'possible-match-viewed',
        subjects: [a.person.id, b.person.id, ...inCommon.map((p) => p.id)],
        recordType: 'possible_match',
        recordIds: [match.id],
      });
      return {
        match: {
          id: match.id,
          state: match.state,
          version: match.version,
          probability: match.probability,
          weight: match.weight,
          createdAt: match.created_at,
          decidedAt: match.decided_at,
          reason: match.reason,
          combined: match.person_now === match.candidate_now,
          whyReview: whyReview && REVIEW_REASON_TEXT[whyReview],
        },
        a,
        b,
        rows,
        inCommon,
        compared: compared && {
          exact: compared.exact,
          a: { incidentReference: compared.a.incidentReference, reportedAt: compared.a.reportedAt },
          b: { incidentReference: compared.b.incidentReference, reportedAt: compared.b.reportedAt },
        },
      };
    });
  }

  async decide(actor: Actor, id: string, input: DecisionInput): Promise<DecisionOutcome> {
    return this.db.transaction().execute(async (trx) => {
      const match = await pairRepo.findMatch(trx, id);
      if (!match) throw new NotFound('No such possible match');
      const person = await pairRepo.findPerson(trx, match.person_now);
      const candidate = await pairRepo.findPerson(trx, match.candidate_now);
      await this.assertMayLink(trx, actor, [person!, candidate!]);
      const stale = () => new MatchConflict('Someone else has decided this possible match since you opened it.');
      if (match.state !== 'open' || match.version !== input.version) throw stale();
      const at = this.clock.now();
      const reason = input.reason || null;
      const subjects = [...new Set([match.person_id, match.candidate_person_id, person!.id, candidate!.id])];

      if (person!.id === candidate!.id) {
        // Both records were combined another way since the pair was proposed: nothing is left to decide.
        if (!(await pairRepo.decideMatch(trx, id, input.version, { state: 'superseded', decidedBy: actor.userId, at, reason })))
          throw stale();
        await this.audit.record(trx, actor, {
          category: 'combination',
          action: 'possible-match-superseded',
          subjects,
          recordType: 'possible_match',
          recordIds: [id],
          reason: reason ?? undefined,
        });
        return { outcome: 'already-same', survivorId: candidate!.id };
      }

      if (!(await pairRepo.decideMatch(trx, id, input.version, { state: input.decision, decidedBy: actor.userId, at, reason })))
        throw stale();
      await pairRepo.rememberPairDecision(trx, person!.id, candidate!.id, {
        decision: input.decision,
        decidedBy: actor.userId,
        at,
        reason,
      });

      if (input.decision !== 'same') {
        await this.audit.record(trx, actor, {
          category: 'combination',
          action: 'possible-match-rejected',
          subjects,
          recordType: 'possible_match',
          recordIds: [id, person!.id, candidate!.id],
          reason: reason ?? undefined,
          details: { probability: match.probability, ...(input.decision === 'relatives' ? { relatives: true } : {}) },
        });
        return { outcome: 'kept-apart', personId: person!.id, candidateId: candidate!.id, relatives: input.decision === 'relatives' };
      }

      // 'same': the newer record is merged into the candidate, which the rest of the force already knows.
      const merge = await this.merge(trx, {
        survivorId: candidate!.id,
        mergedId: person!.id,
        mergedBy: actor.userId,
        at,
        reason: input.reason,
      });
      const recomputed = await recomputeMaracCriteriaAfter(trx, this.incidents, [candidate!.id]);
      const reprioritised = await reprioritiseTriageAfter(trx, [candidate!.id], {
        alsoIncidentIds: recomputed.map((c) => c.incidentId),
      });
      await this.audit.record(trx, actor, {
        category: 'combination',
        action: 'persons-merged',
        subjects,
        recordType: 'person',
        recordIds: [candidate!.id, person!.id, merge.id, id],
        reason: input.reason,
        details: {
          possibleMatch: id,
          probability: match.probability,
          movedMentions: merge.moved,
          ...movedDetails(merge.movedRecords),
          supersededMatches: merge.superseded,
          maracCriteriaRecomputed: recomputed.map((c) => c.incidentId),
          reprioritisedTriage: reprioritised.map((r) => r.taskId),
        },
      });
      const cause = { because: 'persons-merged' as const, people: [candidate!.id, person!.id], recordId: merge.id };
      await recordMaracCriteriaRecomputed(this.audit, trx, actor, recomputed, cause);
      await recordReprioritised(this.audit, trx, actor, reprioritised, cause);
      return { outcome: 'merged', survivorId: candidate!.id, mergedId: person!.id };
    });
  }

  /** A survivor's merges, newest first, for the page where a wrong merge is undone. */
  async merges(actor: Actor, personId: string) {
    return this.db.transaction().execute(async (trx) => {
      const person = await pairRepo.findPerson(trx, personId);
      if (!person) return undefined;
      await this.assertMayLink(trx, actor, [person]);
      const merges = await mergeRepo.mergesInto(trx, person.id);
      await this.audit.record(trx, actor, {
        category: 'consultation',
        action: 'person-merges-viewed',
        subjects: [person.id, ...new Set(merges.map((m) => m.merged_id))],
        recordType: 'person',
        recordIds: [person.id],
      });
      return { person, merges };
    });
  }

  /**
   * Moves back exactly the mentions the merge moved (with their incident parties and blocking keys) and the tasks and
   * MARAC referrals it repointed, restores the merged record, works out again the history-based MARAC criteria and
   * triage priority of the open incidents of both, and remembers the two as different people: an undone merge was a wrong merge, and the pair must
   * not be proposed again.
   */
  async undoMerge(actor: Actor, personId: string, mergeId: string, reason: string): Promise<{ survivorId: string; restoredId: string }> {
    return this.db.transaction().execute(async (trx) => {
      const merge = await mergeRepo.findMerge(trx, mergeId);
      if (!merge || merge.survivor_id !== personId) throw new NotFound('No such merge');
      const survivor = await pairRepo.findPerson(trx, merge.survivor_id);
      const merged = await pairRepo.findPerson(trx, merge.merged_id);
      await this.assertMayLink(trx, actor, [survivor!, merged!]);
      if (merge.undone_at) throw new MatchConflict('Someone else has already undone this merge.');
      if (survivor!.merged_into) {
        throw new MatchConflict('This record has itself been merged into another since: undo that merge first.');
      }
      const at = this.clock.now();
      if (!(await mergeRepo.markMergeUndone(trx, merge.id, { undoneBy: actor.userId, at, reason }))) {
        throw new MatchConflict('Someone else has already undone this merge.');
      }
      await this.moveMentions(trx, merge.moved_mention_ids, merge.merged_id);
      const movedRecords = mergeRepo.movedRecordsOf(merge);
      for (const participant of this.participants) {
        await participant.moveBack(trx, movedRecords[participant.records] ?? [], merge.survivor_id, merge.merged_id);
      }
      if (!(await setMergedInto(trx, merge.merged_id, null, merge.survivor_id))) {
        throw new MatchConflict('The merged record has changed since: look at it again before undoing.');
      }
      await restoreMergedInto(trx, await mergeRepo.mergedIdsInForceInto(trx, merge.merged_id), merge.merged_id, merge.survivor_id);
      await pairRepo.rememberPairDecision(trx, merge.survivor_id, merge.merged_id, {
        decision: 'different',
        decidedBy: actor.userId,
        at,
        reason,
      });
      const people = [merge.survivor_id, merge.merged_id];
      const recomputed = await recomputeMaracCriteriaAfter(trx, this.incidents, people);
      const reprioritised = await reprioritiseTriageAfter(trx, people, { alsoIncidentIds: recomputed.map((c) => c.incidentId) });
      await this.audit.record(trx, actor, {
        category: 'combination',
        action: 'persons-unmerged',
        subjects: people,
        recordType: 'person',
        recordIds: [merge.survivor_id, merge.merged_id, merge.id],
        reason,
        details: {
          movedMentions: merge.moved_mention_ids.length,
          ...movedDetails(movedRecords),
          maracCriteriaRecomputed: recomputed.map((c) => c.incidentId),
          reprioritisedTriage: reprioritised.map((r) => r.taskId),
        },
      });
      const cause = { because: 'persons-unmerged' as const, people, recordId: merge.id };
      await recordMaracCriteriaRecomputed(this.audit, trx, actor, recomputed, cause);
      await recordReprioritised(this.audit, trx, actor, reprioritised, cause);
      return { survivorId: merge.survivor_id, restoredId: merge.merged_id };
    });
  }

  /** Mentions move with the incident parties recorded from them (and, in the people module, their blocking keys). */
  private async moveMentions(trx: Executor, mentionIds: string[], to: string): Promise<void> {
    await moveMentions(trx, mentionIds, to);
    await this.incidents.moveParties(trx, mentionIds, to);
  }

  private async merge(trx: Executor, m: { survivorId: string; mergedId: string; mergedBy: string | null; at: Date; reason: string }) {
    const moved = await mentionIdsOf(trx, m.mergedId);
    await this.moveMentions(trx, moved, m.survivorId);
    if (!(await setMergedInto(trx, m.mergedId, m.survivorId, null))) {
      throw new MatchConflict('One of these records has been merged elsewhere since you opened the page.');
    }
    await repointMergedInto(trx, m.mergedId, m.survivorId);
    const movedRecords: MovedRecords = {};
    for (const participant of this.participants) {
      movedRecords[participant.records] = await participant.moveToSurvivor(trx, m.mergedId, m.survivorId);
    }
    const row = await mergeRepo.insertMerge(trx, { ...m, movedMentionIds: moved, moved: movedRecords });
    const superseded = await mergeRepo.supersedeSettledMatches(trx, m.survivorId, { decidedBy: m.mergedBy, at: m.at });
    return { id: row.id, moved: moved.length, movedRecords, superseded };
  }

  /**
   * The details the pair was compared on: the proposing mention's, and the candidate's version that gives the stored
   * levels again (comparedVersions), searched among the candidate's records as they now stand and as proposed.
   */
  private async comparedVersions(
    trx: Executor,
    match: NonNullable<Awaited<ReturnType<typeof pairRepo.findMatch>>>,
    explanation: FieldExplanation[],
    candidateNow: string,
  ): Promise<ComparedVersions | undefined> {
    const incoming = await pairRepo.proposingMention(trx, match.mention_id);
    if (!incoming) return undefined;
    const records = [...new Set([match.candidate_person_id, ...(await recordIdsOfPerson(trx, candidateNow))])];
    const versions = (await pairRepo.versionsOf(trx, records, incoming.created_at, VERSIONS_SEARCHED)).filter((v) => v.id !== incoming.id);
    return comparedVersions(explanation, incoming, versions, (x, y) => LEVELS_MODEL.compareLevels(x as PersonRecord, y as PersonRecord));
  }

  private async side(trx: Executor, personId: string): Promise<MatchSide> {
    const person = await pairRepo.findPerson(trx, personId);
    if (!person) throw new NotFound('No such person');
    const ids = await recordIdsOfPerson(trx, person.id);
    const incidents = await pairRepo.incidentCountOf(trx, ids);
    const recent = await pairRepo.recentIncidentsOf(trx, ids, RECENT_INCIDENTS);
    return { person, recordIds: ids, incidents, recent };
  }

  /** Linking needs the records open to the actor: a restricted one only with a grant, break-glass or their own case. */
  private async assertMayLink(trx: Executor, actor: Actor, people: PersonRow[]): Promise<void> {
    const ids = people.map((p) => p.id);
    assertAllowed(actor, 'person:link', await this.access.contextFor(actor, ids, trx), ids);
  }
}
