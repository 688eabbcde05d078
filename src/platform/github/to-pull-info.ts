import type { PullInfo } from '../../core/ports.js';

/**
 * A pull request as the REST API gives it: whole from "Get a pull request", or the
 * "pull-request-simple" of lists, which lacks `merged`, `mergeable` and `mergeable_state`
 * (https://docs.github.com/en/rest/pulls/pulls#list-pull-requests).
 */
export interface ApiPull {
  number: number;
  html_url: string;
  node_id: string;
  title: string;
  body: string | null;
  state: string;
  merged_at: string | null;
  merge_commit_sha: string | null;
  /** `repo` is null once the fork the head branch was in is deleted. */
  head: { ref: string; sha: string; repo?: { full_name: string } | null };
  base: { ref: string };
  draft?: boolean;
  user: { login: string; type?: string } | null;
  created_at: string;
  merged?: boolean;
  mergeable?: boolean | null;
  mergeable_state?: string;
}

/**
 * From a list, `mergeable` is null and `mergeableState` 'unknown': only a GET of the pull says.
 * `merge_commit_sha` of an unmerged pull is GitHub's test merge, so it is kept only once merged.
 */
export function toPullInfo(pull: ApiPull): PullInfo {
  const merged = pull.merged ?? pull.merged_at !== null;
  return {
    number: pull.number,
    url: pull.html_url,
    nodeId: pull.node_id,
    title: pull.title,
    body: pull.body ?? '',
    state: pull.state === 'open' ? 'open' : 'closed',
    merged,
    ...(merged && pull.merge_commit_sha ? { mergeCommitSha: pull.merge_commit_sha } : {}),
    headRef: pull.head.ref,
    headSha: pull.head.sha,
    baseRef: pull.base.ref,
    mergeable: pull.mergeable ?? null,
    mergeableState: pull.mergeable_state ?? 'unknown',
    draft: pull.draft ?? false,
    // A deleted account shows as GitHub's "ghost" user.
    author: pull.user?.login ?? 'ghost',
    authorType: pull.user?.type ?? 'User',
    headRepo: pull.head.repo?.full_name ?? null,
    createdAt: pull.created_at,
  };
}
