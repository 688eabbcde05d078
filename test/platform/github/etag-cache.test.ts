import { Octokit } from '@octokit/rest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installEtagCache } from '../../../src/platform/github/etag-cache.js';
import { trimCachedBody } from '../../../src/platform/github/trim-cached-body.js';
import { type FakeGitHub, startFakeGitHub } from '../../support/fake-github.js';

const REPO = 'acme/widgets';
const alice = { name: 'Alice Doe', email: 'alice@acme.test', login: 'alice' };
/** Bodies here are a 40 kB commit message plus a few hundred bytes of JSON around it. */
const KB40 = 40_000;

describe('ETag cache', () => {
  let github: FakeGitHub;
  let octokit: Octokit;
  const sha: Record<string, string> = {};

  beforeEach(async () => {
    github = await startFakeGitHub();
    github.addRepo(REPO, { defaultBranch: 'main' });
    for (const [name, size] of [
      ['a', KB40],
      ['b', KB40],
      ['c', KB40],
      ['huge', 150_000],
    ] as const)
      sha[name] = github.addCommit(REPO, {
        message: name.repeat(size / name.length),
        author: alice,
        branch: 'main',
      });
    octokit = new Octokit({ baseUrl: github.url, auth: 'ghp_test' });
  });

  afterEach(async () => {
    await github.close();
  });

  /** Reads one commit and answers the status GitHub answered: 304 when the cache had it. */
  async function read(name: string): Promise<number | undefined> {
    await octokit.rest.repos.getCommit({ owner: 'acme', repo: 'widgets', ref: sha[name] ?? '' });
    return github.requests.at(-1)?.status;
  }

  it('is bounded in bytes: past the bound the least recently used bodies go first', async () => {
    const stats = installEtagCache(octokit, 100_000);
    expect(await read('a')).toBe(200);
    expect(await read('b')).toBe(200);
    // a is used again (answered from the cache), so b is now the least recently used.
    expect(await read('a')).toBe(304);
    // a + b + c hold over 120 kB: b is dropped, a and c stay.
    expect(await read('c')).toBe(200);
    expect(await read('a')).toBe(304);
    expect(await read('c')).toBe(304);
    expect(await read('b')).toBe(200);
    expect(stats).toEqual({ fetched: 4, notModified: 3 });
  });

  it('does not cache a body larger than the bound, nor drop the others for it', async () => {
    installEtagCache(octokit, 100_000);
    expect(await read('a')).toBe(200);
    expect(await read('huge')).toBe(200);
    expect(await read('huge')).toBe(200);
    expect(await read('a')).toBe(304);
  });

  it('by default (32 MiB) keeps bodies of hundreds of kB alike', async () => {
    installEtagCache(octokit);
    for (const name of ['a', 'b', 'c', 'huge']) expect(await read(name)).toBe(200);
    for (const name of ['a', 'b', 'c', 'huge']) expect(await read(name)).toBe(304);
  });

  it('a 304 shares the cached body below its top level, frozen; paginate still reads every page', async () => {
    installEtagCache(octokit);
    const first = await octokit.rest.repos.getCommit({ owner: 'acme', repo: 'widgets', ref: sha.a ?? '' });
    const again = await octokit.rest.repos.getCommit({ owner: 'acme', repo: 'widgets', ref: sha.a ?? '' });
    expect(github.requests.at(-1)?.status).toBe(304);
    expect(again.data).not.toBe(first.data);
    expect(again.data.commit).toBe(first.data.commit);
    expect(() => {
      (again.data.commit as { message: string }).message = 'changed';
    }).toThrow(TypeError);
    // The top level is the caller's own: paginate rewrites it (`{ total_count, jobs }` -> jobs).
    const runId = github.addRun(REPO, {
      workflow: 'ci.yml',
      branch: 'main',
      conclusion: 'failure',
      jobs: [{ name: 'test', conclusion: 'failure' }],
    });
    const list = () =>
      octokit.paginate(octokit.rest.actions.listJobsForWorkflowRun, {
        owner: 'acme',
        repo: 'widgets',
        run_id: runId,
      });
    expect((await list()).map((job) => job.name)).toEqual(['test']);
    expect((await list()).map((job) => job.name)).toEqual(['test']);
    expect(github.requests.at(-1)?.status).toBe(304);
  });

  it('keeps a run list with its runs cut to the fields read: a 304 answers those', async () => {
    installEtagCache(octokit, undefined, trimCachedBody);
    github.addRun(REPO, { workflow: 'ci.yml', branch: 'main', conclusion: 'success' });
    const list = () =>
      octokit.rest.actions.listWorkflowRuns({ owner: 'acme', repo: 'widgets', workflow_id: 'ci.yml' });
    const first = await list();
    const again = await list();
    expect(github.requests.at(-1)?.status).toBe(304);
    expect(first.data.workflow_runs[0]?.repository).toBeDefined();
    const [run] = again.data.workflow_runs;
    expect(run?.repository).toBeUndefined();
    const read = [
      'id',
      'head_sha',
      'run_attempt',
      'status',
      'conclusion',
      'event',
      'created_at',
      'updated_at',
      'html_url',
    ];
    expect(Object.fromEntries(read.map((field) => [field, (run as Record<string, unknown>)[field]]))).toEqual(
      Object.fromEntries(
        read.map((field) => [field, (first.data.workflow_runs[0] as Record<string, unknown>)[field]]),
      ),
    );
    expect(again.data.total_count).toBe(1);
  });
});
