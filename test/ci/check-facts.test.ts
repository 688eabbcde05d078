import { describe, expect, it } from 'vitest';
import {
  emptyFacts,
  keepStageFact,
  missingFacts,
  type StageFactKey,
  stageFact,
} from '../../src/ci/check-facts.js';

// A stage's own look-ups (the pause before a re-run, a permalink, GitHub's status reading) may be
// made and be false, '' or null: made is made, so a retry of the transition does not ask again.
describe('stage facts', () => {
  const key = (name: string): StageFactKey => ({ kind: 'stage', stage: 'some-stage', key: name });

  it.each([
    ['false', false],
    ['empty', ''],
    ['null', null],
    ['a value', { found: true }],
  ])('a look-up made as %s is known and read back as made', (name, value) => {
    const facts = emptyFacts();
    expect(missingFacts(facts, [key(name)])).toEqual([key(name)]);
    expect(stageFact(facts, key(name))).toBeUndefined();

    keepStageFact(facts, key(name), value);

    expect(missingFacts(facts, [key(name), key('other')])).toEqual([key('other')]);
    expect(stageFact(facts, key(name))).toEqual(value);
  });

  it('the same key of another stage is another look-up', () => {
    const facts = emptyFacts();
    keepStageFact(facts, key('allowed'), true);
    const other: StageFactKey = { kind: 'stage', stage: 'other-stage', key: 'allowed' };

    expect(missingFacts(facts, [other])).toEqual([other]);
    expect(stageFact(facts, other)).toBeUndefined();
  });
});
