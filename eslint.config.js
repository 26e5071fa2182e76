import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The module rule (issue 16): a module is reached only through its index.ts. A module's own files import each
 * other freely; anything else (another module, src/services.ts, src/app.ts, the CLI, scripts, bench, e2e) imports
 * `…/modules/<m>/index.ts` and nothing else of <m>. Exceptions: browser entries (`*.client.ts`, bundled from
 * src/client.ts) and, for test files, a module's test helpers (`test*.ts`). src/architecture.test.ts checks the same
 * rule by resolving every import; this lint gives the message in the editor.
 */
const message =
  'Import another module only through its index.ts (export what you need from there; node scripts/codemod-index.mjs does it).';
// From inside src/modules/<m>/: a sibling module's file, written `../<other>/<file>.ts`, or by way of `../../modules/`.
const fromModule = (allowed) => [
  { regex: `^\\.\\./(?!\\.)[^/]+/(?!index\\.ts$${allowed})[^/]+$`, message },
  { regex: `^(\\.\\./)+modules/[^/]+/(?!index\\.ts$${allowed})[^/]+$`, message },
];
// From anywhere else: any path through `modules/<m>/` that does not end at its index.ts.
const fromOutside = (allowed) => [{ regex: `(^\\.{1,2}/|/)modules/[^/]+/(?!index\\.ts$|[^/]+\\.client\\.ts$${allowed})[^/]+$`, message }];
const testHelper = '|test[^/]*\\.ts$';
const moduleTests = ['src/modules/**/*.test.ts', 'src/modules/**/*.perf.ts', 'src/modules/**/*.bench.ts'];
const otherTests = ['**/*.test.ts', '**/*.perf.ts', '**/*.bench.ts', 'e2e/**/*.ts', 'src/testing/**/*.ts', 'src/proof/**/*.ts'];
const everywhere = ['src/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'e2e/**/*.ts', 'migrations/**/*.ts'];

export default tseslint.config(
  { ignores: ['node_modules/', '.data/', 'public/build/', 'bin/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Later blocks win for the files they match: tests get the test-helper exception.
  { files: ['src/modules/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: fromModule('') }] } },
  { files: moduleTests, rules: { 'no-restricted-imports': ['error', { patterns: fromModule(testHelper) }] } },
  { files: everywhere, ignores: ['src/modules/**'], rules: { 'no-restricted-imports': ['error', { patterns: fromOutside('') }] } },
  { files: otherTests, ignores: ['src/modules/**'], rules: { 'no-restricted-imports': ['error', { patterns: fromOutside(testHelper) }] } },
);
