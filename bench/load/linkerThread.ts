import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { PersonDetails } from '../../src/modules/incidents/index.ts';
import type { LinkOutcome } from '../../src/modules/people/index.ts';
import { FellegiSunterModel } from '../../src/domain/linkage/index.ts';
import { ComparisonCodes } from './comparisonCodes.ts';

/** How one party of an incident resolved, as the linker thread sends it back. */
export interface LinkedParty {
  /** Index of the person in the linker (0, 1, 2, ... in order of creation). */
  person: number;
  outcome: LinkOutcome;
  /** The candidate scored against (the linked person, or the one a possible match names). */
  best?: { person: number; probability: number; weight: number; explanation: string };
  keys: string[];
}

/** A party as the linker thread resolves it: the comparison's levels coded (ComparisonCodes), not explained. */
export interface ResolvedParty extends Omit<LinkedParty, 'best'> {
  best?: Omit<NonNullable<LinkedParty['best']>, 'explanation'> & { levels: string };
}

/** One incident's parties, in the order they are listed. */
export type IncidentParties = PersonDetails[];

/**
 * The bulk load's MemoryPersonIndex, in a worker thread of its own, so that linking (the longest part of a load)
 * runs on one core while the loader generates incidents and writes rows on the other. Batches are linked in the
 * order they are sent, each incident's parties in turn (a party is never linked to another party of its own
 * incident), so people are numbered as if the load had linked them itself.
 */
export class LinkerThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (linked: LinkedParty[][]) => void; reject: (error: Error) => void }>();
  private sent = 0;
  private failed?: Error;
  private readonly codes = new ComparisonCodes(new FellegiSunterModel());

  constructor() {
    // The index of a million-incident force needs some 4 GB, V8's default limit here: the linker may use half the
    // machine's memory (or this thread's limit, if set higher with --max-old-space-size), without a flag to remember.
    const heapMb = Math.ceil(Math.max(getHeapStatistics().heap_size_limit, totalmem() / 2) / 2 ** 20);
    this.worker = new Worker(new URL('./linkerThread.worker.mjs', import.meta.url), {
      // A young generation four times V8's default (new space 128 MB, not 32): the linker makes a few short-lived
      // objects per comparison, and with fewer, longer scavenges fewer of them live long enough to be copied. At
      // 300,000 incidents (bench/load/linker.perf.ts, NODE_OPTIONS=--max-semi-space-size=64, side by side, twice):
      // linking 66.3 s against 70.0 s, and 69.8 s against 72.7 s.
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 192 },
    });
    this.worker.on('message', ({ id, linked }: { id: number; linked: ResolvedParty[][] }) => {
      this.waiting.get(id)?.resolve(linked.map((parties) => parties.map((party) => this.explained(party))));
      this.waiting.delete(id);
    });
    const fail = (error: Error) => {
      this.failed = error;
      for (const { reject } of this.waiting.values()) reject(error);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`The linker thread stopped (exit code ${code})`));
    });
  }

  /** The party with its comparison explained, as the linker thread's model (the standard one) weighs it. */
  private explained({ best, ...party }: ResolvedParty): LinkedParty {
    if (!best) return party;
    const { levels, ...score } = best;
    return { ...party, best: { ...score, explanation: this.codes.explanation(levels) } };
  }

  link(incidents: IncidentParties[]): Promise<LinkedParty[][]> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.sent++;
    const linked = new Promise<LinkedParty[][]>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.worker.postMessage({ id, incidents });
    return linked;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
