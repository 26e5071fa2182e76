import { parentPort } from 'node:worker_threads';
import { FellegiSunterModel } from '../../src/domain/linkage/index.ts';
import { ComparisonCodes } from './comparisonCodes.ts';
import { MemoryPersonIndex } from './linker.ts';
import type { IncidentParties, ResolvedParty } from './linkerThread.ts';

/** Inside the linker thread (LinkerThread): resolves each batch of incidents' parties against one index. */
const model = new FellegiSunterModel();
const index = new MemoryPersonIndex(model);
const codes = new ComparisonCodes(model);

parentPort!.on('message', ({ id, incidents }: { id: number; incidents: IncidentParties[] }) => {
  const linked = incidents.map((parties) => {
    const people: number[] = [];
    return parties.map((details): ResolvedParty => {
      const { person, outcome, best, keys } = index.resolve(details, people);
      people.push(person);
      return {
        person,
        outcome,
        keys,
        best: best && {
          person: best.person,
          probability: best.score.probability,
          weight: best.score.weight,
          levels: codes.encode(best.score.fields),
        },
      };
    });
  });
  parentPort!.postMessage({ id, linked });
});
