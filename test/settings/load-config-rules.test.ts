import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/settings/load-config.js';
import { fakeFiles, VALID_ENV } from './fake-files.js';

const ENV = { ...VALID_ENV, OVERSEER_REPO: undefined, OVERSEER_CHANNEL: undefined };

function load(yaml: string) {
  return loadConfig(ENV, fakeFiles({ 'overseer.yml': yaml }));
}

const RULES = `rules:
  - event: regression
    repo: acme/*
    action: ignore
  - branch: release/**
    event: [still-red, flaky]
    action: barge_in
  - workflow: nightly.yml
    action: queue
`;

describe('decision rules in overseer.yml', () => {
  it('reads the rules in order, one kind or a list of kinds', () => {
    const result = load(RULES);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.config.rules).toStrictEqual([
      { event: 'regression', repo: 'acme/*', action: 'ignore' },
      { branch: 'release/**', event: ['still-red', 'flaky'], action: 'barge_in' },
      { workflow: 'nightly.yml', action: 'queue' },
    ]);
  });

  it('has no rules by default: the decision engine’s defaults decide', () => {
    const result = load('');
    if (!result.ok) throw new Error(result.error.message);
    expect(result.config.rules).toEqual([]);
  });

  it('names file:line key of every bad rule at once', () => {
    const yaml = `rules:
  - event: regresion
    action: ignore
  - repo: acme/*
    action: page
  - event: flaky
    actoin: ignore
`;
    const result = load(yaml);
    if (result.ok) throw new Error('expected the rules to be refused');
    expect(result.error.problems).toEqual([
      'overseer.yml:2 rules[0].event: expected regression, still-red, recovered, flaky, fix-failed, fix-regressed, loop-stalled, github-unreachable, or a list of them, got "regresion"',
      'overseer.yml:5 rules[1].action: expected one of execute_silent, barge_in, notify, queue, ignore, got "page"',
      'overseer.yml:6 rules[2].action: required: what to do: execute_silent, barge_in, notify, queue, ignore',
      'overseer.yml:7 rules[2].actoin: unknown key; expected one of repo, branch, workflow, event, action',
    ]);
  });
});
