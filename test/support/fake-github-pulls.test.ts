import { Octokit } from '@octokit/rest';
import { describe, expect, it } from 'vitest';
import { alice, fakeGitHubPerTest, quiet, REPO } from './fake-github-test-client.js';

const COMMIT_PULLS = 'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls';

describe('fake GitHub pull requests through the real Octokit', () => {
  const f = fakeGitHubPerTest();
  // Writes to pulls go through the notification limiter (3 s apart) when throttled; an unthrottled
  // client keeps these tests fast while still using the real request code.
  const plain = () => new Octokit({ auth: 'ghp_test', baseUrl: f.github.url, log: quiet });

  it('lists the merged pull that brought a default-branch commit in, and routes past /commits/{ref+}', async () => {
    f.github.addCommit('acme/widgets', { message: 'base', author: alice });
    const merged = f.github.addMergedPull('acme/widgets', { title: 'Add cache', author: 'alice' });
    expect(f.github.branchHead('acme/widgets')).toBe(merged.sha);
    const direct = f.github.addCommit('acme/widgets', { message: 'pushed straight to main', author: alice });

    const { data } = await f.octokit.repos.listPullRequestsAssociatedWithCommit({
      ...REPO,
      commit_sha: merged.sha,
    });
    expect(data.map((p) => [p.number, p.state, p.title, p.user?.login, p.merge_commit_sha])).toEqual([
      [merged.number, 'closed', 'Add cache', 'alice', merged.sha],
    ]);
    expect(data[0]?.merged_at).toEqual(expect.any(String));
    expect(data[0]?.head.ref).toBe(`alice/pull-${merged.number}`);
    // A list gives "pull-request-simple": no `merged` or `mergeable`, which only GET pull answers.
    expect(Object.keys(data[0] ?? {})).not.toContain('mergeable');
    expect(Object.keys(data[0] ?? {})).not.toContain('merged');

    const none = await f.octokit.repos.listPullRequestsAssociatedWithCommit({ ...REPO, commit_sha: direct });
    expect(none.data).toEqual([]);
    expect(f.github.requests.map((r) => r.route)).toEqual([COMMIT_PULLS, COMMIT_PULLS]);
    f.github.assertNoUnexpected();
  });

  it('lists open and merged pulls for a commit off the default branch, and for a branch name; 422 for an unknown SHA', async () => {
    f.github.addCommit('acme/widgets', { message: 'base', author: alice });
    const onBranch = f.github.addCommit('acme/widgets', { message: 'wip', author: alice, branch: 'feat/x' });
    await plain().pulls.create({ ...REPO, title: 'Feature X', head: 'feat/x', base: 'main' });
    const squashed = f.github.addMergedPull('acme/widgets', { title: 'Y', author: 'bob', branch: 'feat/y' });
    const ownCommit = f.github.branchHead('acme/widgets', 'feat/y') ?? '';

    const open = await f.octokit.repos.listPullRequestsAssociatedWithCommit({
      ...REPO,
      commit_sha: onBranch,
    });
    expect(open.data.map((p) => [p.number, p.state])).toEqual([[1, 'open']]);
    // Squash-merged: the pull's own commit never reached the default branch, the pull still lists.
    const own = await f.octokit.repos.listPullRequestsAssociatedWithCommit({
      ...REPO,
      commit_sha: ownCommit,
    });
    expect(own.data.map((p) => [p.number, p.merge_commit_sha])).toEqual([[squashed.number, squashed.sha]]);
    const byBranch = await f.octokit.repos.listPullRequestsAssociatedWithCommit({
      ...REPO,
      commit_sha: 'feat/x',
    });
    expect(byBranch.data.map((p) => p.number)).toEqual([1]);
    await expect(
      f.octokit.repos.listPullRequestsAssociatedWithCommit({ ...REPO, commit_sha: 'f'.repeat(40) }),
    ).rejects.toMatchObject({ status: 422 });
  });

  it('lists pulls newest first by default and honours sort and direction', async () => {
    f.github.addCommit('acme/widgets', { message: 'base', author: alice });
    const first = f.github.addMergedPull('acme/widgets', { title: 'first', author: 'alice' });
    const second = f.github.addMergedPull('acme/widgets', { title: 'second', author: 'alice' });
    f.github.addCommit('acme/widgets', { message: 'wip', author: alice, branch: 'feat/z' });
    const client = plain();
    const third = await client.pulls.create({ ...REPO, title: 'third', head: 'feat/z', base: 'main' });
    await client.pulls.update({ ...REPO, pull_number: first.number, body: 'touched last' });

    const numbers = async (query: object) =>
      (await client.pulls.list({ ...REPO, state: 'all', ...query })).data.map((p) => p.number);
    expect(await numbers({})).toEqual([third.data.number, second.number, first.number]);
    expect(await numbers({ sort: 'created', direction: 'asc' })).toEqual([
      first.number,
      second.number,
      third.data.number,
    ]);
    expect(await numbers({ sort: 'updated' })).toEqual([second.number, third.data.number, first.number]);
    expect(await numbers({ state: 'open' })).toEqual([third.data.number]);
  });

  it('refuses a 4xx injected with its message, not retried', async () => {
    f.github.addCommit('acme/widgets', { message: 'base', author: alice });
    f.github.failNext(
      { method: 'GET', path: '/repos/{owner}/{repo}' },
      { status: 403, message: 'Resource not accessible by integration' },
    );
    await expect(f.octokit.repos.get(REPO)).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('Resource not accessible by integration'),
    });
    expect(f.github.requests.map((r) => r.status)).toEqual([403]);
  });
});

const REVERT = `mutation Revert($input: RevertPullRequestInput!) {
  revertPullRequest(input: $input) { revertPullRequest { number url headRefName headRefOid baseRefName } }
}`;

describe('fake GitHub GraphQL revertPullRequest through the real Octokit', () => {
  const f = fakeGitHubPerTest();
  const plain = () => new Octokit({ auth: 'ghp_test', baseUrl: f.github.url, log: quiet });
  const nodeIdOf = async (number: number) =>
    (await f.octokit.pulls.get({ ...REPO, pull_number: number })).data.node_id;

  it('opens a revert pull from revert-<n>-<head> off the base head, with GitHub default title and body', async () => {
    f.github.addCommit('acme/widgets', { message: 'base', author: alice });
    const merged = f.github.addMergedPull('acme/widgets', { title: 'Add cache', author: 'alice' });
    const pullRequestId = await nodeIdOf(merged.number);

    const answer = await plain().graphql<{
      revertPullRequest: { revertPullRequest: { number: number; headRefName: string; headRefOid: string } };
    }>(REVERT, { input: { pullRequestId } });
    const revert = answer.revertPullRequest.revertPullRequest;
    const branch = `revert-${merged.number}-alice/pull-${merged.number}`;
    expect(revert).toMatchObject({
      number: merged.number + 1,
      url: `https://github.com/acme/widgets/pull/${merged.number + 1}`,
      headRefName: branch,
      baseRefName: 'main',
    });
    expect(revert.headRefOid).toBe(f.github.branchHead('acme/widgets', branch));

    const { data } = await f.octokit.pulls.get({ ...REPO, pull_number: revert.number });
    expect(data).toMatchObject({
      title: 'Revert "Add cache"',
      body: `Reverts acme/widgets#${merged.number}`,
      state: 'open',
      draft: false,
      head: { ref: branch, sha: revert.headRefOid },
      base: { ref: 'main' },
    });
    const commit = await f.octokit.repos.getCommit({ ...REPO, ref: revert.headRefOid });
    expect(commit.data.commit.message).toBe(`Revert "Add cache"\n\nThis reverts commit ${merged.sha}.`);
    expect(commit.data.parents.map((p) => p.sha)).toEqual([merged.sha]);
    expect(f.github.graphqlRequests).toEqual([{ query: REVERT, variables: { input: { pullRequestId } } }]);
  });

  it('takes title, body and draft from input fields given as variables, and refuses inline literals', async () => {
    f.github.addCommit('acme/widgets', { message: 'base', author: alice });
    const merged = f.github.addMergedPull('acme/widgets', { title: 'Add cache', author: 'alice' });
    const id = await nodeIdOf(merged.number);
    const fields = `mutation($id: ID!, $title: String, $body: String, $draft: Boolean) {
      revertPullRequest(input: {pullRequestId: $id, title: $title, body: $body, draft: $draft}) {
        revertPullRequest { number }
      }
    }`;
    const answer = await plain().graphql<{ revertPullRequest: { revertPullRequest: { number: number } } }>(
      fields,
      { id, title: 'Revert the cache', body: 'It broke CI', draft: true },
    );
    const revert = f.github
      .pulls('acme/widgets')
      .find((p) => p.number === answer.revertPullRequest.revertPullRequest.number);
    expect(revert).toMatchObject({ title: 'Revert the cache', body: 'It broke CI', draft: true });

    const inline = `mutation { revertPullRequest(input: {pullRequestId: "${id}"}) { revertPullRequest { number } } }`;
    await expect(plain().graphql(inline)).rejects.toMatchObject({
      name: 'GraphqlResponseError',
      errors: [expect.objectContaining({ message: expect.stringContaining('variables only') })],
    });
  });

  it('answers GraphQL errors with HTTP 200 for an unknown node ID, an unmerged pull and a second revert', async () => {
    f.github.addCommit('acme/widgets', { message: 'base', author: alice });
    f.github.addCommit('acme/widgets', { message: 'wip', author: alice, branch: 'feat/x' });
    const open = await plain().pulls.create({ ...REPO, title: 'Feature X', head: 'feat/x', base: 'main' });
    const merged = f.github.addMergedPull('acme/widgets', { title: 'Add cache', author: 'alice' });

    const revert = (pullRequestId: string) => plain().graphql(REVERT, { input: { pullRequestId } });
    await expect(revert('PR_nope')).rejects.toMatchObject({
      name: 'GraphqlResponseError',
      data: { revertPullRequest: null },
      errors: [
        expect.objectContaining({
          type: 'NOT_FOUND',
          path: ['revertPullRequest'],
          message: "Could not resolve to a node with the global id of 'PR_nope'.",
        }),
      ],
    });
    await expect(revert(open.data.node_id)).rejects.toMatchObject({
      errors: [
        expect.objectContaining({ type: 'UNPROCESSABLE', message: expect.stringContaining('not merged') }),
      ],
    });
    await revert(await nodeIdOf(merged.number));
    await expect(revert(await nodeIdOf(merged.number))).rejects.toMatchObject({
      errors: [expect.objectContaining({ message: expect.stringContaining('already exists') })],
    });
    expect(f.github.pulls('acme/widgets').map((p) => p.title)).toEqual([
      'Feature X',
      'Add cache',
      'Revert "Add cache"',
    ]);
    expect(f.github.requests.filter((r) => r.route === 'POST /graphql').map((r) => r.status)).toEqual([
      200, 200, 200, 200,
    ]);
  });

  it("lets the test's handler answer first, and answers what it leaves with the fake's own documents", async () => {
    f.github.addCommit('acme/widgets', { message: 'base', author: alice });
    const merged = f.github.addMergedPull('acme/widgets', { title: 'Add cache', author: 'alice' });
    const pullRequestId = await nodeIdOf(merged.number);
    await expect(plain().graphql('query { viewer { login } }')).rejects.toMatchObject({
      errors: [expect.objectContaining({ type: 'FAKE_UNSUPPORTED' })],
    });

    f.github.onGraphql((query) =>
      query.includes('viewer') ? { data: { viewer: { login: 'bot' } } } : undefined,
    );
    await expect(plain().graphql('query { viewer { login } }')).resolves.toEqual({
      viewer: { login: 'bot' },
    });
    await expect(plain().graphql(REVERT, { input: { pullRequestId } })).resolves.toMatchObject({
      revertPullRequest: { revertPullRequest: { number: merged.number + 1 } },
    });
  });
});
