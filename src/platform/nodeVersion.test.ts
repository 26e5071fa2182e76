import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { projectRoot } from './views/nunjucks.ts';

const read = (file: string) => readFileSync(path.join(projectRoot, file), 'utf8');

test('engines, .nvmrc and the running Node agree on one supported line (Node 20)', () => {
  const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
  assert.equal(engines, '^20.19.0');
  const nvmrc = read('.nvmrc').trim();
  assert.match(nvmrc, /^20\.(19|[2-9]\d)\.\d+$/);
  assert.equal(process.versions.node.split('.')[0], '20', 'the suite runs on the Node line it promises');
});

test('the test identity provider loads on this Node without an "unsupported runtime" warning', () => {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', "await import('oidc-provider')"], {
    cwd: projectRoot,
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  assert.doesNotMatch(run.stderr + run.stdout, /Unsupported runtime/);
});
