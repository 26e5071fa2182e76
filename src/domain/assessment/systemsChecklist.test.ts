import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SYSTEMS, RECORDS_NOT_HELD, systemsChecklistFrom } from './systemsChecklist.ts';

const NOT_HELD = RECORDS_NOT_HELD.map((r) => r.check.id);

const cases: { name: string; stored: unknown; ids: string[] }[] = [
  { name: 'no setting gives the default list', stored: undefined, ids: [...DEFAULT_SYSTEMS.map((s) => s.id), ...NOT_HELD] },
  { name: 'an empty list gives the default list', stored: [], ids: [...DEFAULT_SYSTEMS.map((s) => s.id), ...NOT_HELD] },
  { name: 'not a list gives the default list', stored: { pnc: true }, ids: [...DEFAULT_SYSTEMS.map((s) => s.id), ...NOT_HELD] },
  {
    name: "a force's own list is used in its order, the checks for records Safeguard does not hold added at the end",
    stored: [
      { id: 'niche', name: 'Niche RMS' },
      { id: 'pnc', name: 'PNC' },
    ],
    ids: ['niche', 'pnc'],
  },
  {
    name: "a force's list that already checks Clare's Law keeps its own entry, where it put it",
    stored: [
      { id: 'clares-law', name: 'DVDS (Niche)' },
      { id: 'pnc', name: 'PNC' },
    ],
    ids: ['clares-law', 'pnc'],
  },
  {
    name: 'malformed and repeated entries are skipped',
    stored: [{ id: 'pnc', name: 'PNC' }, { id: 'pnc', name: 'PNC again' }, { id: 'Bad Id', name: 'x' }, { id: 'ok', name: ' ' }, 'pnd'],
    ids: ['pnc', ...NOT_HELD],
  },
  {
    name: 'a list of nothing valid gives the default list',
    stored: [{ id: 'x' }],
    ids: [...DEFAULT_SYSTEMS.map((s) => s.id), ...NOT_HELD],
  },
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

test("every record the checklist stood in for is held in Safeguard now (orders, Clare's Law): none is added to a list", () => {
  assert.deepEqual(
    RECORDS_NOT_HELD.map((r) => [r.record, r.check.id]),
    [],
  );
});
