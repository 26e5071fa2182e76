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
 * list (a researcher must always have something to check); malformed or repeated entries are skipped.
 */
export function systemsChecklistFrom(stored: unknown): ExternalSystem[] {
  if (!Array.isArray(stored)) return [...DEFAULT_SYSTEMS];
  const seen = new Set<string>();
  const systems = stored.filter(isSystem).filter((s) => !seen.has(s.id) && seen.add(s.id));
  return systems.length ? systems.map((s) => ({ id: s.id, name: s.name.trim() })) : [...DEFAULT_SYSTEMS];
}
