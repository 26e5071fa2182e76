import { test } from 'node:test';
import assert from 'node:assert/strict';
import { followOnTasks, type FollowOnInput } from './followOnTasks.ts';

const gradedAt = new Date('2026-03-10T10:00:00Z');
const base: FollowOnInput = {
  finalGrade: 'standard',
  hbaIndicators: false,
  hbaEscalationRaised: false,
  maracCriteria: [],
  needsSupervisorReview: false,
  escalateToInvestigation: false,
  gradedAt,
  districtTeamId: null,
  assessorTeamId: 'central',
};

const cases: { name: string; input: Partial<FollowOnInput>; tasks: [type: string, team: string | null, owner: string, due: string][] }[] = [
  { name: 'a standard grade with nothing else sets off nothing', input: {}, tasks: [] },
  { name: 'a medium grade alone sets off nothing', input: { finalGrade: 'medium' }, tasks: [] },
  {
    name: 'high risk: the district team supervisor is told within the hour',
    input: { finalGrade: 'high', districtTeamId: 'north' },
    tasks: [['notify-high-risk', 'north', 'supervisor', '2026-03-10T11:00:00.000Z']],
  },
  {
    name: 'high risk without a district team: the assessor’s own team',
    input: { finalGrade: 'high' },
    tasks: [['notify-high-risk', 'central', 'supervisor', '2026-03-10T11:00:00.000Z']],
  },
  {
    name: 'an HBA indicator goes to a supervisor at once, whatever the grade',
    input: { hbaIndicators: true },
    tasks: [['hba-escalation', 'central', 'supervisor', '2026-03-10T10:00:00.000Z']],
  },
  {
    name: 'an HBA escalation already raised from the screen is not raised twice',
    input: { hbaIndicators: true, hbaEscalationRaised: true },
    tasks: [],
  },
  {
    name: 'MARAC criteria met: the coordinator drafts the referral',
    input: { maracCriteria: ['potential-escalation'] },
    tasks: [['marac-referral', 'central', 'coordinator', '2026-03-11T10:00:00.000Z']],
  },
  {
    name: 'a grade below the band goes to supervisor review',
    input: { needsSupervisorReview: true },
    tasks: [['supervisor-review', 'central', 'supervisor', '2026-03-11T10:00:00.000Z']],
  },
  {
    name: 'marked for investigation: escalated',
    input: { escalateToInvestigation: true },
    tasks: [['investigation-escalation', 'central', 'supervisor', '2026-03-11T10:00:00.000Z']],
  },
  {
    name: 'everything at once, in order of urgency',
    input: {
      finalGrade: 'high',
      districtTeamId: 'south',
      hbaIndicators: true,
      maracCriteria: ['visible-high-risk'],
      escalateToInvestigation: true,
    },
    tasks: [
      ['hba-escalation', 'central', 'supervisor', '2026-03-10T10:00:00.000Z'],
      ['notify-high-risk', 'south', 'supervisor', '2026-03-10T11:00:00.000Z'],
      ['marac-referral', 'central', 'coordinator', '2026-03-11T10:00:00.000Z'],
      ['investigation-escalation', 'central', 'supervisor', '2026-03-11T10:00:00.000Z'],
    ],
  },
];

for (const c of cases) {
  test(`follow-on tasks: ${c.name}`, () => {
    const tasks = followOnTasks({ ...base, ...c.input });
    assert.deepEqual(
      tasks.map((t) => [t.type, t.teamId, t.ownerRole, t.dueAt.toISOString()]),
      c.tasks,
    );
  });
}
