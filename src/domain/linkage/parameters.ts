/*
 * The Fellegi–Sunter model's parameters: per field and agreement level, how likely it is between records of the
 * same person (m) and of different people (u), and the thresholds a pair's probability is decided by.
 */

/** m = P(level | same person), u = P(level | different people), per field and agreement level. */
export type LevelProbabilities = Record<string, { m: number; u: number }>;

export interface FellegiSunterParameters {
  /** log2 of the prior odds that a candidate pair is a match. */
  priorWeight: number;
  fields: Record<string, LevelProbabilities>;
  /** Probability at or above which a pair is linked automatically, and at or above which a person reviews it. */
  matchThreshold: number;
  reviewThreshold: number;
}

/** Parameters set from the linkage literature and the FEBRL and synthetic ground truths; see linkage README. */
export const STANDARD_PARAMETERS: FellegiSunterParameters = {
  priorWeight: -9,
  matchThreshold: 0.995,
  // Below 0.8 a pair is more often two namesakes (the same name, another date of birth, or another address and
  // nothing else) than one person: in the generator's force 1 in 9 of such proposals was a true match, and they were
  // a third of the research assistants' queue.
  reviewThreshold: 0.8,
  fields: {
    givenName: {
      exact: { m: 0.86, u: 0.01 },
      variant: { m: 0.05, u: 0.001 },
      'jw-0.92': { m: 0.04, u: 0.002 },
      'jw-0.85': { m: 0.015, u: 0.008 },
      phonetic: { m: 0.005, u: 0.004 },
      initial: { m: 0.01, u: 0.03 },
      // A slip: one or two edits, or a middle name recorded first.
      different: { m: 0.02, u: 0.945 },
      // Clearly another name: never linked automatically (autoLinkRefusal), so its weight only ranks proposals.
      'other-name': { m: 0.02, u: 0.945 },
    },
    familyName: {
      exact: { m: 0.85, u: 0.004 },
      'jw-0.92': { m: 0.05, u: 0.001 },
      part: { m: 0.03, u: 0.0005 },
      'jw-0.85': { m: 0.02, u: 0.006 },
      phonetic: { m: 0.01, u: 0.003 },
      different: { m: 0.04, u: 0.9855 },
    },
    middleName: {
      exact: { m: 0.7, u: 0.02 },
      initial: { m: 0.27, u: 0.07 },
      different: { m: 0.03, u: 0.91 },
    },
    // Each of the two crossed comparisons (given with family, family with given) when names were recorded swapped.
    swappedNames: {
      // Not weighed by how common the name is, so no more than a common name agreeing in place.
      swapped: { m: 0.01, u: 0.0001 },
      'jw-0.92': { m: 0.002, u: 0.00005 },
      'jw-0.85': { m: 0.0005, u: 0.0001 },
      // The other crossed name disagrees: as much against as a given name that differs (Robert Martin and Richard
      // Roberts are not one person with names swapped).
      different: { m: 0.02, u: 0.95 },
    },
    dateOfBirth: {
      exact: { m: 0.9, u: 0.0003 },
      'day-month-swap': { m: 0.01, u: 0.00003 },
      'one-digit': { m: 0.04, u: 0.001 },
      'two-digits': { m: 0.02, u: 0.004 },
      year: { m: 0.02, u: 0.012 },
      different: { m: 0.008, u: 0.3 },
      'generation-apart': { m: 0.022, u: 0.6867 },
    },
    sex: { exact: { m: 0.98, u: 0.5 }, different: { m: 0.02, u: 0.5 } },
    postcode: {
      exact: { m: 0.6, u: 0.0005 },
      sector: { m: 0.08, u: 0.003 },
      district: { m: 0.07, u: 0.02 },
      'one-character': { m: 0.04, u: 0.01 },
      different: { m: 0.25, u: 0.9765 },
    },
    address: {
      exact: { m: 0.55, u: 0.0005 },
      'same-house': { m: 0.2, u: 0.0015 },
      most: { m: 0.05, u: 0.0005 },
      some: { m: 0.1, u: 0.03 },
      // Same street, another house number: neighbours share this far more often than one person's records do.
      'other-number': { m: 0.03, u: 0.02 },
      different: { m: 0.1, u: 0.9475 },
    },
    phone: { exact: { m: 0.6, u: 0.000001 }, different: { m: 0.4, u: 0.999999 } },
    email: { exact: { m: 0.6, u: 0.00001 }, 'same-user': { m: 0.1, u: 0.0001 }, different: { m: 0.3, u: 0.99989 } },
    pncId: { exact: { m: 0.97, u: 0.0000001 }, different: { m: 0.03, u: 0.9999999 } },
  },
};
