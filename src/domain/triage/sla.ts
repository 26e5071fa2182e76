import { DEFAULT_TRIAGE_SLA, type OfficerGrade, type TriageSla } from './tasks.ts';

/** The setting key an administrator changes; the value is hours per officer grade. */
export const TRIAGE_SLA_SETTING = 'triage.sla';
/** A month: longer than that is no longer a triage target. */
export const MAX_SLA_HOURS = 720;

const GRADES: OfficerGrade[] = ['high', 'medium', 'standard'];

const validHours = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_SLA_HOURS;

/** The stored setting, with the default for any grade it lacks or holds nonsense for. */
export function triageSlaFrom(stored: unknown): TriageSla {
  const value = stored && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
  return Object.fromEntries(GRADES.map((g) => [g, validHours(value[g]) ? value[g] : DEFAULT_TRIAGE_SLA[g]])) as unknown as TriageSla;
}

/** A higher grade never gets longer than a lower one: otherwise the most urgent work would wait longest. */
export function slaOrderProblem(sla: TriageSla): string | undefined {
  if (sla.high > sla.medium) return 'High risk must be due no later than medium risk';
  if (sla.medium > sla.standard) return 'Medium risk must be due no later than standard risk';
  return undefined;
}
