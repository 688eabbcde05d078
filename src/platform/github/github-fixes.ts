import type { Octokit } from '@octokit/rest';
import type { CommitSummary, FixForge, PullInfo } from '../../core/ports.js';
import { splitRepo } from './split-repo.js';
import { summariseChecks } from './summarise-checks.js';
import { toPullInfo } from './to-pull-info.js';

/** The most a REST list gives in one page. */
const MAX_PER_PAGE = 100;

/**
 * https://docs.github.com/en/graphql/reference/mutations#revertpullrequest: opens a pull request
 * reverting a merged one, as "Revert" on its page does. The input goes as a variable, never spliced
 * into the document.
 */
const REVERT_PULL_REQUEST = `mutation RevertPullRequest($input: RevertPullRequestInput!) {
  revertPullRequest(input: $input) {
    revertPullRequest { number url headRefName headRefOid baseRefName }
  }
}`;

interface RevertAnswer {
  revertPullRequest: { revertPullRequest: { number: number } | null } | null;
}

interface ApiCommit {
  sha: string;
  commit: { message: string; committer: { date?: string } | null };
}

function toCommitSummary(api: ApiCommit): CommitSummary {
  const date = api.commit.committer?.date;
  if (date === undefined) throw new Error(`GitHub answered commit ${api.sha} without a committer date`);
  return { sha: api.sha, message: api.commit.message, date };
}

/**
 * GitHub as fix tasks use it, through Octokit. Every GET is conditional (see etag-cache.ts).
 * `auth` says how Octokit authenticates, which decides how Overseer learns its own login.
 */
export function createGitHubFixes(octokit: Octokit, auth: 'token' | 'app' = 'token'): FixForge {
  let self: Promise<string> | undefined;
  const askSelf = async (): Promise<string> => {
    if (auth === 'app') {
      // https://docs.github.com/en/rest/apps/apps#get-the-authenticated-app (JWT-authenticated by
      // @octokit/auth-app): an App acts as the bot account `<slug>[bot]`.
      const { data } = await octokit.rest.apps.getAuthenticated();
      if (!data?.slug) throw new Error('GitHub answered GET /app without the app slug');
      return `${data.slug}[bot]`;
    }
    // https://docs.github.com/en/rest/users/users#get-the-authenticated-user
    const { data } = await octokit.rest.users.getAuthenticated();
    return data.login;
  };
  // https://docs.github.com/en/rest/pulls/pulls#get-a-pull-request: the only answer with
  // `mergeable`, which GitHub computes lazily and reports null until it has.
  const pull = async (repo: string, number: number): Promise<PullInfo> => {
    const { data } = await octokit.rest.pulls.get({ ...splitRepo(repo), pull_number: number });
    return toPullInfo(data);
  };

  return {
    async pullsOfCommit(repo, sha) {
      // https://docs.github.com/en/rest/commits/commits#list-pull-requests-associated-with-a-commit:
      // for a commit on the default branch, the merged pull request that brought it in.
      const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
        ...splitRepo(repo),
        commit_sha: sha,
      });
      return data.map(toPullInfo);
    },

    async commit(repo, sha) {
      const { data } = await octokit.rest.repos.getCommit({ ...splitRepo(repo), ref: sha });
      return toCommitSummary(data);
    },

    async commitsSince(repo, branch, since, limit) {
      if (limit < 1) return [];
      // https://docs.github.com/en/rest/commits/commits#list-commits: newest first; one page.
      const { data } = await octokit.rest.repos.listCommits({
        ...splitRepo(repo),
        sha: branch,
        since,
        per_page: Math.min(limit, MAX_PER_PAGE),
      });
      return data.slice(0, limit).map(toCommitSummary);
    },

    async revertPull(repo, merged, text) {
      // octokit.graphql throws a GraphqlResponseError when GitHub answers 200 with `errors`
      // (an unknown node ID, a pull that is not merged).
      const answer = await octokit.graphql<RevertAnswer>(REVERT_PULL_REQUEST, {
        input: { pullRequestId: merged.nodeId, title: text.title, body: text.body },
      });
      const number = answer.revertPullRequest?.revertPullRequest?.number;
      if (number === undefined) {
        throw new Error(
          `GitHub answered revertPullRequest for #${merged.number} without the revert pull request`,
        );
      }
      return pull(repo, number);
    },

    async dispatchWorkflow(repo, workflow, ref, inputs) {
      // https://docs.github.com/en/rest/actions/workflows#create-a-workflow-dispatch-event: 204.
      await octokit.rest.actions.createWorkflowDispatch({
        ...splitRepo(repo),
        workflow_id: workflow,
        ref,
        inputs,
      });
    },

    async createIssue(repo, issue) {
      const { data } = await octokit.rest.issues.create({
        ...splitRepo(repo),
        title: issue.title,
        body: issue.body,
        ...(issue.assignees ? { assignees: [...issue.assignees] } : {}),
      });
      return { number: data.number, url: data.html_url };
    },

    async recentPulls(repo, limit) {
      if (limit < 1) return [];
      // https://docs.github.com/en/rest/pulls/pulls#list-pull-requests: one page, newest first.
      const { data } = await octokit.rest.pulls.list({
        ...splitRepo(repo),
        state: 'all',
        sort: 'created',
        direction: 'desc',
        per_page: Math.min(limit, MAX_PER_PAGE),
      });
      return data.slice(0, limit).map(toPullInfo);
    },

    async pullsOpenedSince(repo, since) {
      // https://docs.github.com/en/rest/pulls/pulls#list-pull-requests: newest first by creation,
      // at most 100 a page; further pages are in the Link header
      // (https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api).
      const from = Date.parse(since);
      const found: PullInfo[] = [];
      const pages = octokit.paginate.iterator(octokit.rest.pulls.list, {
        ...splitRepo(repo),
        state: 'all',
        sort: 'created',
        direction: 'desc',
        per_page: MAX_PER_PAGE,
      });
      for await (const { data } of pages) {
        const pulls = data.map(toPullInfo);
        found.push(...pulls.filter((p) => Date.parse(p.createdAt) >= from));
        if (pulls.some((p) => Date.parse(p.createdAt) < from)) break;
      }
      return found;
    },

    selfLogin() {
      self ??= askSelf().catch((error: unknown) => {
        self = undefined;
        throw error;
      });
      return self;
    },

    pull,

    async checksAt(repo, sha, workflow) {
      // https://docs.github.com/en/rest/actions/workflow-runs#list-workflow-runs-for-a-repository
      // (and "for a workflow"): one page of 100 runs on the commit is plenty, since a re-run is a
      // further attempt of the same run, not a new run.
      const query = { ...splitRepo(repo), head_sha: sha, per_page: MAX_PER_PAGE };
      const { data } =
        workflow === undefined
          ? await octokit.rest.actions.listWorkflowRunsForRepo(query)
          : await octokit.rest.actions.listWorkflowRuns({ ...query, workflow_id: workflow });
      return summariseChecks(data.workflow_runs);
    },

    async merge(repo, number, headSha) {
      // https://docs.github.com/en/rest/pulls/pulls#merge-a-pull-request: `sha` makes GitHub refuse
      // with 409 when the head moved since it was approved; 405 when the pull is not mergeable.
      const { data } = await octokit.rest.pulls.merge({
        ...splitRepo(repo),
        pull_number: number,
        merge_method: 'squash',
        sha: headSha,
      });
      return { sha: data.sha };
    },
  };
}
