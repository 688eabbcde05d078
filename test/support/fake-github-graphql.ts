import { HTML, pullNodeId } from './fake-github-json.js';
import type { PullState, RepoState } from './fake-github-model.js';
import { gitUserOf, openPull } from './fake-github-pull-model.js';
import type { RouteContext } from './fake-github-routes.js';

/**
 * The GraphQL documents the fake answers itself, when the test's `onGraphql` handler (if any)
 * leaves a document to it. Documents are not parsed: the fake finds the mutation by name and
 * reads its input from `variables` only, and answers every field it models whatever the document
 * selects. An answer is a whole response body, `{ data }` and maybe `errors`, sent with HTTP 200 as
 * GitHub sends GraphQL errors.
 */

/** An entry of `errors` as GitHub writes it. */
interface GraphqlError {
  type: string;
  path: string[];
  locations: { line: number; column: number }[];
  message: string;
}

const refusal = (field: string, type: string, message: string) => ({
  data: { [field]: null },
  errors: [{ type, path: [field], locations: [{ line: 1, column: 1 }], message } satisfies GraphqlError],
});

/**
 * The mutation's input: `field(input: $var)` takes `variables[var]`; `field(input: {a: $x, …})`
 * takes each key from its variable. Inline literals are refused, so a client cannot splice text
 * into a document unnoticed.
 */
function inputOf(
  query: string,
  variables: Record<string, unknown>,
  field: string,
): Record<string, unknown> | string {
  const call = new RegExp(`\\b${field}\\s*\\(\\s*input\\s*:\\s*(\\$\\w+|\\{[^}]*\\})`).exec(query);
  const argument = call?.[1];
  if (!argument) return `fake GitHub found no "${field}(input: …)" in the document`;
  if (argument.startsWith('$')) {
    const value = variables[argument.slice(1)];
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  }
  const input: Record<string, unknown> = {};
  for (const pair of argument.slice(1, -1).split(',')) {
    if (pair.trim() === '') continue;
    const match = /^\s*(\w+)\s*:\s*\$(\w+)\s*$/.exec(pair);
    if (!match?.[1] || !match[2])
      return `fake GitHub reads "${field}" input from variables only: ${pair.trim()}`;
    input[match[1]] = variables[match[2]];
  }
  return input;
}

function findByNodeId(ctx: RouteContext, id: unknown): { repo: RepoState; pull: PullState } | undefined {
  for (const repo of ctx.model.repos.values()) {
    for (const pull of repo.pulls.values()) {
      if (pullNodeId(repo, pull) === id) return { repo, pull };
    }
  }
  return undefined;
}

/** A `PullRequest` object with the fields the fake models. */
function pullObject(repo: RepoState, pull: PullState) {
  return {
    id: pullNodeId(repo, pull),
    number: pull.number,
    url: `${HTML}/${repo.fullName}/pull/${pull.number}`,
    title: pull.title,
    body: pull.body ?? '',
    state: pull.merged ? 'MERGED' : pull.state.toUpperCase(),
    isDraft: pull.draft,
    merged: pull.merged,
    headRefName: pull.head,
    headRefOid: repo.branches.get(pull.head) ?? null,
    baseRefName: pull.base,
    mergeCommit: pull.mergeCommitSha ? { oid: pull.mergeCommitSha } : null,
    author: { login: pull.user },
  };
}

/**
 * `revertPullRequest` (https://docs.github.com/en/graphql/reference/mutations#revertpullrequest):
 * input `pullRequestId` (the merged pull's node ID), `title`, `body`, `draft`, `clientMutationId`;
 * payload `pullRequest` (the pull reverted) and `revertPullRequest` (the new pull). Like "Revert"
 * on the pull's page, it opens a pull from `revert-<number>-<head ref>`, made off the base branch's
 * head with one revert commit, titled `Revert "<title>"` and with the body
 * `Reverts <owner>/<repo>#<number>` unless the input says otherwise.
 * An unknown node ID is GitHub's NOT_FOUND error; a pull that is not merged, or whose revert branch
 * already exists, is refused (the wording of those errors is the fake's: GitHub documents none).
 */
function revertPullRequest(ctx: RouteContext, query: string, variables: Record<string, unknown>): unknown {
  const field = 'revertPullRequest';
  const input = inputOf(query, variables, field);
  if (typeof input === 'string') return refusal(field, 'INVALID_INPUT', input);
  const found = findByNodeId(ctx, input.pullRequestId);
  if (!found) {
    const id = String(input.pullRequestId);
    return refusal(field, 'NOT_FOUND', `Could not resolve to a node with the global id of '${id}'.`);
  }
  const { repo, pull } = found;
  if (!pull.merged || !pull.mergeCommitSha) {
    return refusal(
      field,
      'UNPROCESSABLE',
      `Pull request #${pull.number} is not merged, so it cannot be reverted.`,
    );
  }
  const branch = `revert-${pull.number}-${pull.head}`;
  const baseHead = repo.branches.get(pull.base);
  if (repo.branches.has(branch) || !baseHead) {
    return refusal(field, 'UNPROCESSABLE', `A branch named ${branch} already exists.`);
  }
  repo.branches.set(branch, baseHead);
  ctx.model.addCommit(repo, {
    message: `Revert "${pull.title}"\n\nThis reverts commit ${pull.mergeCommitSha}.`,
    author: gitUserOf(ctx.login),
    branch,
  });
  const revert = openPull(ctx.model, repo, {
    title: typeof input.title === 'string' ? input.title : `Revert "${pull.title}"`,
    body: typeof input.body === 'string' ? input.body : `Reverts ${repo.fullName}#${pull.number}`,
    head: branch,
    base: pull.base,
    draft: input.draft === true,
    user: ctx.login,
  });
  return {
    data: {
      [field]: {
        clientMutationId: typeof input.clientMutationId === 'string' ? input.clientMutationId : null,
        pullRequest: pullObject(repo, pull),
        revertPullRequest: pullObject(repo, revert),
      },
    },
  };
}

/** Answers the documents the fake models; anything else is a GraphQL error saying what to do. */
export function answerGraphql(ctx: RouteContext, query: string, variables: Record<string, unknown>): unknown {
  if (/^\s*mutation\b/.test(query) && /\brevertPullRequest\s*\(/.test(query)) {
    return revertPullRequest(ctx, query, variables);
  }
  return {
    errors: [
      {
        type: 'FAKE_UNSUPPORTED',
        message: 'fake GitHub does not model this GraphQL document; answer it with onGraphql in the test',
      },
    ],
  };
}
