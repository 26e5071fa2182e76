/** How one field of a possible match compared, as the linkage model explained it when the pair was proposed. */
export interface FieldExplanation {
  field: string;
  level: string;
  weight: number;
}

export interface ComparisonRow {
  field: string;
  label: string;
  a: string[];
  b: string[];
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

/** Every value a person has been recorded with for a field, newest first, each once. */
function valuesOf(details: unknown[], keys: string[]): string[] {
  const seen = new Map<string, string>();
  for (const d of details) {
    const record = (d ?? {}) as Record<string, unknown>;
    const value = keys
      .map((k) => record[k])
      .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
      .join(' ')
      .trim();
    if (value && !seen.has(value.toLowerCase())) seen.set(value.toLowerCase(), value);
  }
  return [...seen.values()];
}

/** The side-by-side rows: field, what each record says, the agreement level and the weight it added. */
export function comparisonRows(explanation: FieldExplanation[], aDetails: unknown[], bDetails: unknown[]): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  const shown = new Set<string>();
  for (const f of explanation) {
    if (shown.has(f.field)) continue; // swapped names are explained once for the two name fields
    shown.add(f.field);
    const field = FIELDS[f.field] ?? { label: f.field, keys: [f.field] };
    const a = valuesOf(aDetails, field.keys);
    const b = valuesOf(bDetails, field.keys);
    if (f.level === 'missing' && a.length === 0 && b.length === 0) continue;
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
