/**
 * Linkage measured by kind of pair on the generator's truth (issue 15): the same person's records by how many fields
 * differ between them, and three kinds of two different people the records confuse: relatives (one family, other
 * given names: twins, siblings, parents and children), namesake relatives (one family, one name: a father and the
 * son named after him) and namesakes (the same name, unrelated). For the same person the share linked is the
 * recall; for different people it is the share wrongly joined (each one a false link).
 */

/** One record as the measure needs it: who it truly is, their family and true name, whom linkage made it, what it says. */
export interface KindRecord {
  person: string;
  family: string;
  name: string;
  predicted: string;
  /** Given name, family name, date of birth, address, postcode as written ('' when not given). */
  fields: readonly string[];
}

export interface KindScore {
  kind: string;
  sameP: boolean;
  pairs: number;
  linked: number;
}

/** The fields a pair of one person's records is said to differ in (when both records give them). */
export const DIFFERING_FIELDS = ['givenName', 'familyName', 'dateOfBirth', 'address', 'postcode'] as const;

/** Case, spaces and punctuation aside: "14 Cardigan Rd." and "14 cardigan rd" are written alike. */
export const asWritten = (value: string | undefined): string => (value ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');

const pairs = (n: number) => (n * (n - 1)) / 2;

function pairsBy(records: readonly KindRecord[], key: (r: KindRecord) => string): number {
  const counts = new Map<string, number>();
  for (const r of records) {
    const k = key(r);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  let total = 0;
  for (const n of counts.values()) total += pairs(n);
  return total;
}

/** How many of the fields both records give differ as written. */
export function fieldsDiffering(a: readonly string[], b: readonly string[]): number {
  let differing = 0;
  for (let i = 0; i < a.length; i++) if (a[i] && b[i] && a[i] !== b[i]) differing++;
  return differing;
}

/** The kinds' names, in the order pairKindScores gives them (the bench's database query gives the same). */
export function pairKindNames() {
  return {
    same: [0, 1, 2, 3].map((d) => `same person, ${d === 3 ? '3 or more' : d} field${d === 1 ? '' : 's'} differing`),
    relatives: 'relatives (one family, other names)',
    namesakeRelatives: 'namesake relatives (Jr/Sr)',
    namesakes: 'namesakes (unrelated)',
  };
}

export function pairKindScores(records: readonly KindRecord[]): KindScore[] {
  const names = pairKindNames();
  const same = names.same.map((kind) => ({ kind, sameP: true, pairs: 0, linked: 0 }));
  const byPerson = new Map<string, KindRecord[]>();
  for (const r of records) {
    const list = byPerson.get(r.person);
    if (list) list.push(r);
    else byPerson.set(r.person, [r]);
  }
  const written = new Map(records.map((r) => [r, r.fields.map(asWritten)]));
  for (const list of byPerson.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const score = same[Math.min(3, fieldsDiffering(written.get(list[i])!, written.get(list[j])!))];
        score.pairs++;
        if (list[i].predicted === list[j].predicted) score.linked++;
      }
    }
  }
  const sep = '\u0000';
  const by = (...keys: ((r: KindRecord) => string)[]) => pairsBy(records, (r) => keys.map((k) => k(r)).join(sep));
  const family = (r: KindRecord) => r.family;
  const name = (r: KindRecord) => r.name;
  const person = (r: KindRecord) => r.person;
  const predicted = (r: KindRecord) => r.predicted;
  return [
    ...same,
    {
      kind: names.relatives,
      sameP: false,
      pairs: by(family) - by(family, name),
      linked: by(family, predicted) - by(family, name, predicted),
    },
    {
      kind: names.namesakeRelatives,
      sameP: false,
      pairs: by(family, name) - by(family, name, person),
      linked: by(family, name, predicted) - by(family, name, person, predicted),
    },
    {
      kind: names.namesakes,
      sameP: false,
      pairs: by(name) - by(name, family),
      linked: by(name, predicted) - by(name, family, predicted),
    },
  ];
}

export function formatKindScores(scores: readonly KindScore[]): string {
  const lines = scores.map(
    (s) =>
      `  ${s.kind.padEnd(40)} ${String(s.pairs).padStart(9)} pairs ${String(s.linked).padStart(9)} linked  ` +
      (s.sameP ? `recall ${(s.pairs ? s.linked / s.pairs : 1).toFixed(4)}` : `wrongly joined ${s.linked}`),
  );
  return lines.join('\n');
}
