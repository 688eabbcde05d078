import { describe, expect, it } from 'vitest';
import { createWatchSources } from '../../src/ci/watch-sources.js';
import { webhookSources } from '../../src/ci/webhook-sources.js';
import { workflowRunCompleted } from '../support/webhook-payloads.js';

const noGitHub = {
  defaultBranch: async () => {
    throw new Error('no GitHub call expected');
  },
};
const sources = createWatchSources(
  [{ repo: 'acme/widgets', workflow: 'ci.yml', branch: 'main', channel: 'C0', users: {} }],
  noGitHub,
);
const deps = { sources: () => sources, followsFix: async () => true };
const completed = (branch: string) =>
  workflowRunCompleted({
    repo: 'Acme/Widgets',
    branch,
    headSha: 'a'.repeat(40),
    conclusion: 'failure',
    runId: 1,
  });

describe('webhookSources', () => {
  it('a completed run of the watched workflow and branch concerns its watch', async () => {
    expect(await webhookSources(deps, 'workflow_run', completed('main'))).toEqual(sources);
    expect(await webhookSources({ sources: () => sources }, 'workflow_run', completed('other'))).toEqual([]);
  });

  it('a payload whose fields are not what GitHub sends concerns no watch, and throws nothing', async () => {
    for (const body of [null, 42, 'text', [], { action: 'completed', repository: { full_name: 42 } }]) {
      expect(await webhookSources(deps, 'workflow_run', body)).toEqual([]);
    }
    const odd = { action: 'completed', repository: { full_name: 'acme/widgets' }, workflow_run: { path: 7 } };
    expect(await webhookSources({ sources: () => sources }, 'workflow_run', odd)).toEqual([]);
  });

  it('a completed run of the watch marks it heard (its deliveries arrive); pull-request news does not', async () => {
    const heard: unknown[] = [];
    const marking = { ...deps, heard: (source: unknown) => heard.push(source) };
    await webhookSources(marking, 'workflow_run', completed('other'));
    expect(heard).toEqual([]);
    const pull = {
      action: 'synchronize',
      repository: { full_name: 'acme/widgets' },
      pull_request: { number: 1 },
    };
    expect(await webhookSources(marking, 'pull_request', pull)).toEqual(sources);
    expect(heard).toEqual([]);
    await webhookSources(marking, 'workflow_run', completed('main'));
    expect(heard).toEqual(sources);
  });
});
