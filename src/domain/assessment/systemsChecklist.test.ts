import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SYSTEMS, systemsChecklistFrom } from './systemsChecklist.ts';

const cases: { name: string; stored: unknown; ids: string[] }[] = [
  { name: 'no setting gives the default list', stored: undefined, ids: DEFAULT_SYSTEMS.map((s) => s.id) },
  { name: 'an empty list gives the default list', stored: [], ids: DEFAULT_SYSTEMS.map((s) => s.id) },
  { name: 'not a list gives the default list', stored: { pnc: true }, ids: DEFAULT_SYSTEMS.map((s) => s.id) },
  {
    name: "a force's own list is used as it is, in its order",
    stored: [
      { id: 'niche', name: 'Niche RMS' },
      { id: 'pnc', name: 'PNC' },
    ],
    ids: ['niche', 'pnc'],
  },
  {
    name: 'malformed and repeated entries are skipped',
    stored: [{ id: 'pnc', name: 'PNC' }, { id: 'pnc', name: 'PNC again' }, { id: 'Bad Id', name: 'x' }, { id: 'ok', name: ' ' }, 'pnd'],
    ids: ['pnc'],
  },
  { name: 'a list of nothing valid gives the default list', stored: [{ id: 'x' }], ids: DEFAULT_SYSTEMS.map((s) => s.id) },
];

for (const c of cases) {
  test(`systems checklist: ${c.name}`, () => {
    assert.deepEqual(
      systemsChecklistFrom(c.stored).map((s) => s.id),
      c.ids,
    );
  });
}

test('the default list names the systems the brief lists', () => {
  assert.deepEqual(
    DEFAULT_SYSTEMS.map((s) => s.id),
    ['pnc', 'pnd', 'crime', 'custody', 'social-care', 'health', 'education', 'another-force'],
  );
});
