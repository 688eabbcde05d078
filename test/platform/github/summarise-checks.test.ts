import { describe, expect, it } from 'vitest';
import { type ApiRun, summariseChecks } from '../../../src/platform/github/summarise-checks.js';

const AT = '2026-11-29T12:00:00Z';
const run = (over: Partial<ApiRun> & Pick<ApiRun, 'id'>): ApiRun => ({
  workflow_id: 1,
  name: 'CI',
  status: 'completed',
  conclusion: 'success',
  created_at: AT,
  ...over,
});

// The cases the fake GitHub cannot stage; the whole table runs through it in github-fixes.test.ts.
describe('summariseChecks', () => {
  it.each([
    {
      name: 'runs created in the same second: the higher id is the newer',
      runs: [run({ id: 2, conclusion: 'failure' }), run({ id: 1 })],
      expected: { state: 'failure', runs: 1, names: ['CI'] },
    },
    {
      name: 'a stale run never passes for green',
      runs: [run({ id: 1, conclusion: 'stale' }), run({ id: 2, workflow_id: 2 })],
      expected: { state: 'pending', runs: 2, names: [] },
    },
    {
      name: 'a completed run without a conclusion is pending',
      runs: [run({ id: 1, conclusion: null })],
      expected: { state: 'pending', runs: 1, names: [] },
    },
    {
      name: 'a run without a name is named by its workflow id',
      runs: [run({ id: 1, workflow_id: 7, name: null, conclusion: 'action_required' })],
      expected: { state: 'action_required', runs: 1, names: ['workflow 7'] },
    },
    {
      name: 'two workflows with one name are named once',
      runs: [run({ id: 1, conclusion: 'failure' }), run({ id: 2, workflow_id: 2, conclusion: 'cancelled' })],
      expected: { state: 'failure', runs: 2, names: ['CI'] },
    },
  ])('$name', ({ runs, expected }) => {
    expect(summariseChecks(runs)).toEqual(expected);
  });
});
