import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCheck } from '../../src/ci/check-pipeline.js';
import { type CheckStage, factId, keepStageFact, type StageFactKey, stageFact } from '../../src/ci/index.js';
import { drainOutbox } from '../../src/incidents/index.js';
import { type AppHarness, startAppHarness } from '../support/app-harness.js';

// The hooks a capability plugs into one check (src/ci/check-stage.ts), driven through runCheck with
// stages of the test's own: the check names none of them, so a stage it was never told about
// must be able to ask for a look-up, make it, take a step over and amend the decision.
describe('a check runs the stages it is given', () => {
  let h: AppHarness;
  beforeEach(async () => {
    h = await startAppHarness();
    h.push('Add widgets', 'success');
    await h.check();
    h.push('Break the widget parser', 'failure');
  });
  afterEach(async () => {
    await h.close();
  });

  // A look-up of the test's own stage, of a shape ci knows nothing about.
  const ASKED: StageFactKey = { kind: 'stage', stage: 'asks', key: 'allowed' };

  const check = (stages: CheckStage[]) =>
    runCheck({ ...h.deps, stages, deliver: (target) => drainOutbox(h.deps, target) }, h.target);

  it('a look-up of the stage’s own kind is asked for before deciding, made once by its readFacts, and seen by its decide', async () => {
    const reads: string[] = [];
    const seen: (boolean | undefined)[] = [];
    const stage: CheckStage = {
      name: 'asks',
      factsNeeded: (_target, _doc, event) => (event?.type === 'regression' ? [ASKED] : []),
      readFacts: async (_target, facts, keys) => {
        for (const key of keys) {
          reads.push(factId(key));
          if (key.kind === 'stage' && key.stage === 'asks') keepStageFact(facts, key, true);
        }
      },
      decide: (_target, _before, next, _event, _now, facts) => {
        seen.push(stageFact<boolean>(facts, ASKED));
        return next;
      },
    };

    const result = await check([stage]);

    expect(result.event).toBe('regression');
    expect(reads).toEqual(['asks/allowed']);
    expect(seen).toEqual([true]);
  });

  it('a look-up no stage makes fails the check naming it, and nothing is recorded or posted', async () => {
    const before = await h.doc();
    const stage: CheckStage = { name: 'asks', factsNeeded: () => [ASKED] };

    await expect(check([stage])).rejects.toThrow('no stage of this check reads the asks/allowed look-up');
    expect((await h.doc()).version).toBe(before.version);
    expect(h.topLevelPosts()).toBe(0);
  });

  it('the first stage whose takeStep answers takes the step in place of advanceWatch; every decide still runs, in order', async () => {
    const order: string[] = [];
    const noting =
      (name: string): NonNullable<CheckStage['decide']> =>
      (_target, _before, next) => {
        order.push(name);
        return next;
      };
    const stages: CheckStage[] = [
      { name: 'a', takeStep: () => undefined, decide: noting('a') },
      {
        name: 'b',
        takeStep: (_target, doc, step) => ({ ...doc, episode: step.state, flakes: [123] }),
        decide: noting('b'),
      },
      {
        name: 'c',
        takeStep: () => {
          throw new Error('a later stage was asked after one took the step');
        },
        decide: noting('c'),
      },
    ];

    const result = await check(stages);

    expect(result.event).toBe('regression');
    const { value } = await h.doc();
    expect(value.flakes).toEqual([123]);
    // advanceWatch did not run: the regression opened no incident and owes no message.
    expect(value.current).toBeUndefined();
    expect(value.outbox).toEqual([]);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(h.topLevelPosts()).toBe(0);
  });
});
