import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { parseCsvRecords } from '../platform/csv.ts';
import { runMatch } from './match.ts';

const INPUT = [
  '\uFEFFref,forename,surname,dob,postcode,notes',
  'A1,Robert,Hargreaves,1984-06-12,LS6 2QT,"first, with comma"',
  'A2,Bob,Hargraves,12/06/1984,ls62qt,',
  'A3,Daniel,Hargreaves,1987-02-03,LS6 2QT,brother',
  'A4,Aisha,Khan,1990-11-30,M1 1AE,',
  'A5,Aisha,Khan,19901130,M1 1AE,',
].join('\r\n');

test('the match command writes id,cluster_id with the same person in one cluster', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'safeguard-match-'));
  try {
    const input = path.join(dir, 'people.csv');
    const output = path.join(dir, 'clusters.csv');
    await writeFile(input, INPUT);
    const code = await runMatch([
      '--input',
      input,
      '--output',
      output,
      '--id',
      'ref',
      '--map',
      'given_name=forename,family_name=surname,date_of_birth=dob,postcode=postcode',
    ]);
    assert.equal(code, 0);
    const { header, records } = parseCsvRecords(await readFile(output, 'utf8'));
    assert.deepEqual(header, ['id', 'cluster_id']);
    const cluster = Object.fromEntries(records.map((r) => [r.id, r.cluster_id]));
    assert.deepEqual(Object.keys(cluster), ['A1', 'A2', 'A3', 'A4', 'A5']);
    assert.equal(cluster.A1, cluster.A2);
    assert.notEqual(cluster.A1, cluster.A3);
    assert.equal(cluster.A4, cluster.A5);
    assert.notEqual(cluster.A1, cluster.A4);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the match command refuses a mapping to a column the file does not have', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'safeguard-match-'));
  try {
    const input = path.join(dir, 'people.csv');
    await writeFile(input, INPUT);
    const output = path.join(dir, 'out.csv');
    assert.equal(await runMatch(['--input', input, '--output', output, '--map', 'given_name=firstname']), 2);
    await assert.rejects(readFile(output), { code: 'ENOENT' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the match command never puts twins (same surname, date of birth, address and phone, other given names) in one cluster', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'safeguard-match-'));
  try {
    const input = path.join(dir, 'people.csv');
    const output = path.join(dir, 'clusters.csv');
    const household = 'Whitfield,1991-04-17,F,14 Cardigan Road,LS6 2QT,07700 900123';
    await writeFile(
      input,
      [
        'id,given_name,family_name,date_of_birth,sex,address,postcode,phone',
        `T1,Claire,${household}`,
        `T2,Isabella,${household}`,
        `T3,Clare,${household}`,
      ].join('\n'),
    );
    assert.equal(await runMatch(['--input', input, '--output', output]), 0);
    const cluster = Object.fromEntries(parseCsvRecords(await readFile(output, 'utf8')).records.map((r) => [r.id, r.cluster_id]));
    assert.notEqual(cluster.T1, cluster.T2, 'twin sisters stay apart');
    assert.equal(cluster.T1, cluster.T3, 'a typo of one name still links');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
