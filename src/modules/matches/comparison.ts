/** How one field of a possible match compared, as the linkage model explained it when the pair was proposed. */
export interface FieldExplanation {
  field: string;
  level: string;
  weight: number;
}

export interface ComparisonRow {
  field: string;
  label: string;
  /** The value record A had in the comparison (undefined: not recorded there). */
  a: string | undefined;
  b: string | undefined;
  level: string;
  levelText: string;
  weight: number;
  evidence: 'for' | 'against' | 'none';
}

const FIELDS: Record<string, { label: string; keys: string[] }> = {
  givenName: { label: 'Given name', keys: ['givenName'] },
  familyName: { label: 'Family name', keys: ['familyName'] },
  swappedNames: { label: 'Names (given and family)', keys: ['givenName', 'familyName'] },
  middleName: { label: 'Middle name', keys: ['middleName'] },
  dateOfBirth: { label: 'Date of birth', keys: ['dateOfBirth'] },
  sex: { label: 'Sex', keys: ['sex'] },
  postcode: { label: 'Postcode', keys: ['postcode'] },
  address: { label: 'Address', keys: ['address'] },
  phone: { label: 'Phone', keys: ['phone'] },
  email: { label: 'Email', keys: ['email'] },
  pncId: { label: 'PNC ID', keys: ['pncId'] },
};

const LEVELS: Record<string, string> = {
  exact: 'Exact',
  variant: 'Known name variant',
  'jw-0.92': 'Very similar spelling',
  'jw-0.85': 'Similar spelling',
  phonetic: 'Sounds alike',
  initial: 'Initial only',
  part: 'Part of a double-barrelled name',
  swapped: 'Given and family names swapped',
  'day-month-swap': 'Day and month swapped',
  'one-digit': 'One digit different',
  'two-digits': 'Two neighbouring digits swapped',
  'generation-apart': 'A generation apart',
  year: 'Same year only',
  sector: 'Same postcode sector',
  district: 'Same postcode district',
  'one-character': 'One character different',
  'same-house': 'Same house, written differently',
  'other-number': 'Same street, another house number',
  most: 'Most of the address',
  some: 'Some of the address',
  'same-user': 'Same address at another provider',
  missing: 'Not recorded on one or both',
  different: 'Different',
  'other-name': 'Clearly different (not a variant, typo or initial)',
};

/** Below this a field added no real evidence either way. */
const NEGLIGIBLE = 0.05;

/** A way a person was recorded: one mention's details, and the incident it came from. */
export interface RecordedVersion {
  id: string;
  details: unknown;
  incidentReference?: string;
  reportedAt?: Date | string;
}

/** The details a pair was compared on: the mention that proposed it, and the candidate's version that weighed most. */
export interface ComparedVersions {
  a: RecordedVersion;
  b: RecordedVersion;
  /** False when no version of the candidate gives the stored levels again (the rows then show the closest one). */
  exact: boolean;
}

const recordOf = (details: unknown) => (details ?? {}) as Record<string, unknown>;

/** A field's value as one version records it (both names for a swapped pair), or undefined when not recorded. */
function valueOf(details: unknown, keys: string[]): string | undefined {
  const record = recordOf(details);
  const value = keys
    .map((k) => record[k])
    .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
    .join(' ')
    .trim();
  return value || undefined;
}

/** How many of the explanation's fields a comparison at these levels agrees with. */
function levelsInCommon(explanation: FieldExplanation[], levels: [string, string][]): number {
  return explanation.filter((f, i) => levels[i]?.[0] === f.field && levels[i]?.[1] === f.level).length;
}

/**
 * Which of the candidate's recorded versions the pair was compared with. Intake compares the incoming mention with
 * the candidate's latest different ways of being recorded and keeps the comparison that weighs most; the pair stores
 * its levels, not which version gave them. The version is the one whose comparison gives the stored levels again
 * (of several, the newest recorded before the incoming mention); with none (the model's comparators have changed since),
 * the one agreeing on most fields.
 */
export function comparedVersions(
  explanation: FieldExplanation[],
  incoming: RecordedVersion,
  candidateVersions: RecordedVersion[],
  levelsOf: (a: unknown, b: unknown) => [string, string][],
): ComparedVersions | undefined {
  let best: { version: RecordedVersion; common: number } | undefined;
  for (const version of candidateVersions) {
    const common = levelsInCommon(explanation, levelsOf(incoming.details, version.details));
    if (!best || common > best.common) best = { version, common };
    if (common === explanation.length) break;
  }
  return best && { a: incoming, b: best.version, exact: best.common === explanation.length };
}

/**
 * The side-by-side rows: field, the value each record had in the comparison that proposed the pair, the agreement
 * level and the weight it added. A field not recorded on either side is left out.
 */
export function comparisonRows(explanation: FieldExplanation[], compared: Pick<ComparedVersions, 'a' | 'b'>): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  const shown = new Set<string>();
  for (const f of explanation) {
    if (shown.has(f.field)) continue; // swapped names are explained once for the two name fields
    shown.add(f.field);
    const field = FIELDS[f.field] ?? { label: f.field, keys: [f.field] };
    const a = valueOf(compared.a.details, field.keys);
    const b = valueOf(compared.b.details, field.keys);
    if (f.level === 'missing' && a === undefined && b === undefined) continue;
    rows.push({
      field: f.field,
      label: field.label,
      a,
      b,
      level: f.level,
      levelText: LEVELS[f.level] ?? f.level,
      weight: f.weight,
      evidence: f.weight > NEGLIGIBLE ? 'for' : f.weight < -NEGLIGIBLE ? 'against' : 'none',
    });
  }
  return rows;
}
