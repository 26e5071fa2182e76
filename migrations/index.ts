import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_intake_and_linkage.ts';

/** Every migration, in order. Static imports keep the list explicit and type-checked. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_intake_and_linkage': m0002,
};
