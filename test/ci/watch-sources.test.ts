import { describe, expect, it } from 'vitest';
import { createWatchSources, DEFAULT_BRANCH_TTL_MS } from '../../src/ci/watch-sources.js';
import { fixOf } from '../../src/fix-tasks/fix-of.js';

const SETTING = { repo: 'acme/widgets', workflow: 'ci.yml', channel: 'C0INCIDENTS', users: {} };

function github(initial: string) {
  const asked: string[] = [];
  let branch = initial;
  let down = false;
  return {
    asked,
    rename: (to: string) => {
      branch = to;
    },
    fail: (value: boolean) => {
      down = value;
    },
    ci: {
      defaultBranch: async (repo: string) => {
        asked.push(repo);
        if (down) throw new Error('GitHub is down');
        return branch;
      },
    },
  };
}

describe('watch sources', () => {
  it('picks up a default branch renamed on GitHub within the hour, and at once when a check found no run', async () => {
    let now = 0;
    const gh = github('main');
    const [source] = createWatchSources([SETTING], gh.ci, () => now);
    expect((await source?.resolve())?.watch.branch).toBe('main');
    gh.rename('trunk');
    now += DEFAULT_BRANCH_TTL_MS - 1;
    expect((await source?.resolve())?.watch.branch).toBe('main');
    expect(gh.asked).toHaveLength(1);
    now += 1;
    expect((await source?.resolve())?.watch.branch).toBe('trunk');

    gh.rename('develop');
    source?.forget();
    expect((await source?.resolve())?.watch.branch).toBe('develop');
    expect(gh.asked).toHaveLength(3);
  });

  it('keeps the branch it knew while GitHub cannot be asked, and throws when it knew none', async () => {
    let now = 0;
    const gh = github('main');
    const [source] = createWatchSources([SETTING], gh.ci, () => now);
    gh.fail(true);
    await expect(source?.resolve()).rejects.toThrow('GitHub is down');
    gh.fail(false);
    await source?.resolve();
    gh.fail(true);
    now += DEFAULT_BRANCH_TTL_MS;
    expect((await source?.resolve())?.watch.branch).toBe('main');
  });

  it('a configured branch is never looked up, and known at once', async () => {
    const gh = github('main');
    const [source] = createWatchSources([{ ...SETTING, branch: 'release' }], gh.ci);
    expect(source?.peek()?.watch.branch).toBe('release');
    source?.forget();
    expect((await source?.resolve())?.watch.branch).toBe('release');
    expect(gh.asked).toEqual([]);
  });
});

describe('the fix strategy of a watch (issue 15)', () => {
  it('is chosen by repo, workflow and branch: two watches of one repo keep their own', async () => {
    const gh = github('main');
    const sources = createWatchSources(
      [
        { ...SETTING, fix: { strategy: 'revert' } },
        { ...SETTING, branch: 'release', fix: { strategy: 'issue', assignee: 'fixer-bot' } },
        { ...SETTING, workflow: 'nightly.yml', fix: { strategy: 'dispatch', workflow: 'fix.yml' } },
        { ...SETTING, workflow: 'lint.yml' },
      ],
      gh.ci,
    );
    const targets = await Promise.all(sources.map((source) => source.resolve()));
    expect(targets.map((target) => [target.watch.workflow, target.watch.branch, fixOf(target)])).toEqual([
      ['ci.yml', 'main', { strategy: 'revert' }],
      ['ci.yml', 'release', { strategy: 'issue', assignee: 'fixer-bot' }],
      ['nightly.yml', 'main', { strategy: 'dispatch', workflow: 'fix.yml' }],
      ['lint.yml', 'main', { strategy: 'rerun' }],
    ]);
  });
});
