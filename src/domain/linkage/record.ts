/** One person as a source system recorded them: every field optional, any spelling, any date format. */
export interface PersonRecord {
  givenName?: string;
  middleName?: string;
  familyName?: string;
  dateOfBirth?: string;
  sex?: string;
  address?: string;
  postcode?: string;
  phone?: string;
  email?: string;
  pncId?: string;
}

/** How one field of a pair compared, and the evidence (log2 Bayes factor) it added. */
export interface FieldComparison {
  field: string;
  level: string;
  weight: number;
}

export type PairDecision = 'match' | 'review' | 'non-match';

export interface PairScore {
  /** Sum of field weights plus the prior: log2 of the odds that the two records are the same person. */
  weight: number;
  probability: number;
  decision: PairDecision;
  fields: FieldComparison[];
}

/** The linkage engine as intake and the batch matcher use it. */
export interface LinkageModel {
  blockingKeys(record: PersonRecord): string[];
  compare(a: PersonRecord, b: PersonRecord): PairScore;
}

/** The canonical person columns of CSV files (`safeguard match` and `import`), and the field each one fills. */
export const CANONICAL_PERSON_FIELDS = {
  given_name: 'givenName',
  middle_name: 'middleName',
  family_name: 'familyName',
  date_of_birth: 'dateOfBirth',
  sex: 'sex',
  address: 'address',
  postcode: 'postcode',
  phone: 'phone',
  email: 'email',
  pnc_id: 'pncId',
} as const satisfies Record<string, keyof PersonRecord>;
