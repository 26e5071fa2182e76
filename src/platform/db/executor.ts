import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

/** Either the database or a transaction on it: repositories take this so services own transactions. */
export type Executor = Kysely<Database> | Transaction<Database>;
