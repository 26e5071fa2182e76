import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import ts from 'typescript';
import { asOwner, createTestDatabase, type TestDatabase } from '../../testing/database.ts';

/**
 * `schema.ts` is Kysely's only view of the tables, and nothing else checks it against what the migrations made: a column
 * added in a migration and not declared is invisible to the code, and one declared but never made fails only when a
 * query reaches it. This reads the declared tables through the TypeScript compiler (so aliases such as `Timestamp` and
 * `Generated<…>` resolve as the code sees them) and compares them with information_schema of a migrated database:
 * the same tables, the same columns, the same nullability, a TypeScript type that fits the column's type, and a column
 * the code may leave out of an insert only if the database fills it.
 */

interface DeclaredColumn {
  /** What a select returns, as the compiler prints it. */
  select: string;
  nullable: boolean;
  /** `Generated<…>` or an insert type of `never`/optional: the code never supplies it. */
  optionalOnInsert: boolean;
}
type DeclaredSchema = Map<string, Map<string, DeclaredColumn>>;

const SCHEMA_FILE = path.resolve(import.meta.dirname, 'schema.ts');
const PROBE_FILE = path.resolve(import.meta.dirname, '__schema_probe__.ts');

/** Every table in `Database`, each column's Selectable and Insertable type, resolved by the compiler. */
export function declaredSchema(): DeclaredSchema {
  const probe = [
    `import type { Insertable, Selectable } from 'kysely';`,
    `import type { Database } from './schema.ts';`,
    `export type Selected = { [T in keyof Database]: Selectable<Database[T]> };`,
    `export type Inserted = { [T in keyof Database]: Insertable<Database[T]> };`,
  ].join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    allowImportingTsExtensions: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (file) => (path.resolve(file) === PROBE_FILE ? probe : readFile(file));
  host.fileExists = (
    (exists) => (file: string) =>
      path.resolve(file) === PROBE_FILE || exists(file)
  )(host.fileExists.bind(host));
  host.getSourceFile = (file, language, ...rest) =>
    path.resolve(file) === PROBE_FILE ? ts.createSourceFile(file, probe, language, true) : getSourceFile(file, language, ...rest);
  const program = ts.createProgram([PROBE_FILE, SCHEMA_FILE], options, host);
  const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  assert.deepEqual(problems, [], 'schema.ts compiles');
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(PROBE_FILE)!;
  const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!);
  const typeOf = (name: string) => checker.getDeclaredTypeOfSymbol(exported.find((s) => s.name === name)!);
  const selected = typeOf('Selected');
  const inserted = typeOf('Inserted');
  const schema: DeclaredSchema = new Map();
  const database = checker.getDeclaredTypeOfSymbol(
    checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(SCHEMA_FILE)!)!).find((s) => s.name === 'Database')!,
  );
  for (const table of checker.getPropertiesOfType(selected)) {
    const selectRow = checker.getTypeOfSymbol(table);
    const insertRow = checker.getTypeOfSymbol(checker.getPropertyOfType(inserted, table.name)!);
    const tableInterface = checker.getTypeOfSymbol(checker.getPropertyOfType(database, table.name)!);
    const columns = new Map<string, DeclaredColumn>();
    for (const column of checker.getPropertiesOfType(selectRow)) {
      const type = checker.getTypeOfSymbol(column);
      const insertColumn = checker.getPropertyOfType(insertRow, column.name);
      if (type.flags & ts.TypeFlags.Unknown) {
        // `Json` selects as `unknown`, which swallows `| null` and `undefined`: read what the table interface wrote.
        const written = checker.getPropertyOfType(tableInterface, column.name)!.declarations![0] as ts.PropertySignature;
        const text = written.type!.getText();
        columns.set(column.name, { select: 'unknown', nullable: /\|\s*null\b/.test(text), optionalOnInsert: /^Generated</.test(text) });
        continue;
      }
      columns.set(column.name, {
        select: checker.typeToString(checker.getNonNullableType(type)),
        nullable: type.isUnion() ? type.types.some((t) => t.flags & ts.TypeFlags.Null) : Boolean(type.flags & ts.TypeFlags.Null),
        optionalOnInsert: !insertColumn || Boolean(insertColumn.flags & ts.SymbolFlags.Optional),
      });
    }
    schema.set(table.name, columns);
  }
  return schema;
}

interface DatabaseColumn {
  table_name: string;
  column_name: string;
  is_nullable: 'YES' | 'NO';
  data_type: string;
  udt_name: string;
  column_default: string | null;
  is_identity: 'YES' | 'NO';
  is_generated: 'ALWAYS' | 'NEVER';
}

/** The Kysely bookkeeping tables are the migrator's, not the app's. */
const NOT_DECLARED = new Set(['kysely_migration', 'kysely_migration_lock']);

/**
 * The TypeScript a column of each PostgreSQL type comes back as, with this app's pg type parsers (`database.ts`: int8
 * and date stay strings). JSON columns may hold any declared shape.
 */
function fits(column: DatabaseColumn, declared: string): boolean {
  const scalar = (udt: string): RegExp | undefined =>
    ({
      text: /^string$/,
      varchar: /^string$/,
      uuid: /^string$/,
      date: /^string$/,
      int8: /^string$/,
      int4: /^number$/,
      int2: /^number$/,
      float4: /^number$/,
      float8: /^number$/,
      numeric: /^(string|number)$/,
      bool: /^boolean$/,
      timestamptz: /^Date$/,
      timestamp: /^Date$/,
      bytea: /^Buffer/,
    })[udt];
  if (column.udt_name === 'json' || column.udt_name === 'jsonb') return true;
  if (column.data_type === 'ARRAY') {
    const element = scalar(column.udt_name.replace(/^_/, ''));
    const inner = /^(?:\(?(.+?)\)?\[\]|readonly (.+)\[\]|Array<(.+)>)$/.exec(declared);
    return Boolean(element && inner && element.test(inner[1] ?? inner[2] ?? inner[3]));
  }
  const expected = scalar(column.udt_name);
  // A text column may be declared as a union of the values the app writes ('open' | 'done').
  if (expected?.source === '^string$' && /^"[^"]*"( \| "[^"]*")*$/.test(declared)) return true;
  return Boolean(expected?.test(declared));
}

describe('schema.ts against the migrated database', () => {
  let database: TestDatabase;
  let actual: Map<string, Map<string, DatabaseColumn>>;
  let declared: DeclaredSchema;

  before(async () => {
    database = await createTestDatabase();
    // As the owner: information_schema shows a role only the columns it holds privileges on.
    const { rows } = await asOwner(
      database.ownerUrl,
      `select c.table_name, c.column_name, c.is_nullable, c.data_type, c.udt_name, c.column_default, c.is_identity, c.is_generated
       from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
       where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
       order by c.table_name, c.ordinal_position`,
    );
    actual = new Map();
    for (const row of rows as DatabaseColumn[]) {
      if (NOT_DECLARED.has(row.table_name)) continue;
      if (!actual.has(row.table_name)) actual.set(row.table_name, new Map());
      actual.get(row.table_name)!.set(row.column_name, row);
    }
    declared = declaredSchema();
  });
  after(async () => {
    await database?.drop();
  });

  test('declares exactly the tables the migrations make', () => {
    assert.ok(actual.size > 10, 'the migrated database has its tables');
    assert.deepEqual([...declared.keys()].sort(), [...actual.keys()].sort());
  });

  test('declares exactly the columns of each table', () => {
    const missing: string[] = [];
    const extra: string[] = [];
    for (const [table, columns] of actual) {
      const mine = declared.get(table) ?? new Map();
      for (const name of columns.keys()) if (!mine.has(name)) missing.push(`${table}.${name}`);
      for (const name of mine.keys()) if (!columns.has(name)) extra.push(`${table}.${name}`);
    }
    assert.deepEqual(
      { 'in the database, not in schema.ts': missing, 'in schema.ts, not in the database': extra },
      {
        'in the database, not in schema.ts': [],
        'in schema.ts, not in the database': [],
      },
    );
  });

  test('each column is nullable in schema.ts exactly when it is in the database, with a type that fits', () => {
    const wrong: string[] = [];
    for (const [table, columns] of actual) {
      for (const [name, column] of columns) {
        const mine = declared.get(table)?.get(name);
        if (!mine) continue;
        const nullable = column.is_nullable === 'YES';
        if (mine.nullable !== nullable) wrong.push(`${table}.${name}: ${nullable ? 'nullable' : 'not null'} in the database`);
        if (!fits(column, mine.select)) wrong.push(`${table}.${name}: ${column.udt_name} declared as ${mine.select}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  test('a column the code may leave out of an insert is one the database fills', () => {
    const wrong: string[] = [];
    for (const [table, columns] of actual) {
      for (const [name, column] of columns) {
        const mine = declared.get(table)?.get(name);
        const filled =
          column.column_default !== null ||
          column.is_identity === 'YES' ||
          column.is_generated === 'ALWAYS' ||
          column.is_nullable === 'YES';
        if (mine?.optionalOnInsert && !filled) wrong.push(`${table}.${name}`);
      }
    }
    assert.deepEqual(wrong, [], 'Generated<…> or optional in schema.ts, but no default in the database');
  });
});
