/** The external systems a researcher checks for every assessment: a force setting, with this list by default. */
export const SYSTEMS_CHECKLIST_SETTING = 'assessment.systems';

export interface ExternalSystem {
  id: string;
  name: string;
}

export const DEFAULT_SYSTEMS: readonly ExternalSystem[] = [
  { id: 'pnc', name: 'Police National Computer (PNC)' },
  { id: 'pnd', name: 'Police National Database (PND)' },
  { id: 'crime', name: 'Crime recording system' },
  { id: 'custody', name: 'Custody system' },
  { id: 'social-care', name: 'Social care' },
  { id: 'health', name: 'Health' },
  { id: 'education', name: 'Education' },
  { id: 'another-force', name: 'Another force' },
];

/**
 * Records a DA team relies on that Safeguard does not hold (none now: orders and Clare's Law are held since issues 19 and 18): a page
 * must never show them as "none recorded", since nothing could have been recorded. Each is checked in the force's own
 * systems, so each has a row on every systems checklist.
 */
export interface RecordNotHeld {
  /** What the record is called where a page would show it. */
  record: string;
  /** The check that stands in for it on the systems checklist. */
  check: ExternalSystem;
}

export const RECORDS_NOT_HELD: readonly RecordNotHeld[] = [];

/** What a page says where one of these records would be shown. */
export const NOT_HELD_TEXT = "Not held in Safeguard yet: check the force's systems";

export const CHECK_RESULTS = ['not-checked', 'nothing-found', 'information-found'] as const;
export type CheckResult = (typeof CHECK_RESULTS)[number];

const isSystem = (v: unknown): v is ExternalSystem =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as ExternalSystem).id === 'string' &&
  /^[a-z0-9-]{1,40}$/.test((v as ExternalSystem).id) &&
  typeof (v as ExternalSystem).name === 'string' &&
  (v as ExternalSystem).name.trim() !== '';

/**
 * The stored setting as a checklist. A setting that is missing, empty or malformed as a whole gives the default
 * list (a researcher must always have something to check); malformed or repeated entries are skipped. The checks
 * for records Safeguard does not hold yet (RECORDS_NOT_HELD) are always on it: added at the end when the force's
 * list lacks them.
 */
export function systemsChecklistFrom(stored: unknown): ExternalSystem[] {
  const seen = new Set<string>();
  const own = Array.isArray(stored) ? stored.filter(isSystem).filter((s) => !seen.has(s.id) && seen.add(s.id)) : [];
  const systems = own.length ? own.map((s) => ({ id: s.id, name: s.name.trim() })) : [...DEFAULT_SYSTEMS];
  const missing = RECORDS_NOT_HELD.map((r) => r.check).filter((c) => !systems.some((s) => s.id === c.id));
  return [...systems, ...missing];
}
