import type { Octokit } from '@octokit/rest';
import type { CommitInfo } from '../../core/domain/types.js';
import type { CommitRange } from '../../core/ports.js';

/** Commits per compare page: GitHub's most (https://docs.github.com/en/rest/commits/commits#compare-two-commits). */
const PER_PAGE = 100;

interface ApiCommit {
  sha: string;
  commit: { message: string; author: { name?: string; email?: string } | null };
  author: { login: string } | null | Record<string, never>;
}

function toCommit(api: ApiCommit): CommitInfo {
  const login = api.author && 'login' in api.author ? api.author.login : undefined;
  const email = api.commit.author?.email;
  return {
    sha: api.sha,
    title: api.commit.message.split('\n', 1)[0] ?? '',
    authorName: api.commit.author?.name ?? login ?? 'unknown',
    ...(login === undefined ? {} : { authorLogin: login }),
    ...(email === undefined ? {} : { authorEmail: email }),
  };
}

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number'
    ? error.status
    : undefined;
}

/**
 * The newest `limit` commits of `base...head` and how many the range holds.
 *
 * A paged compare lists the range oldest first from page 1 on, so the commits nearest `head` (the
 * first red commit, the prime suspect) are on the LAST pages: page 1 gives `total_commits`, and
 * only the page(s) holding the newest `limit` are read after it. Both ends are SHAs, so the range
 * cannot change between the requests.
 */
export async function commitRange(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  base: string | undefined,
  head: string,
  limit: number,
): Promise<CommitRange> {
  const keepAtMost = Math.max(0, Math.floor(limit));
  if (base === undefined) {
    const { data } = await octokit.rest.repos.getCommit({ ...repo, ref: head });
    return { commits: [toCommit(data)].slice(0, keepAtMost), total: 1 };
  }
  const page = async (n: number) => {
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
      ...repo,
      basehead: `${base}...${head}`,
      per_page: PER_PAGE,
      page: n,
    });
    return data;
  };
  try {
    const first = await page(1);
    const total = first.total_commits;
    const keep = Math.min(keepAtMost, total);
    if (keep === 0) return { commits: [], total };
    const from = total - keep;
    const firstPage = Math.floor(from / PER_PAGE) + 1;
    const lastPage = Math.ceil(total / PER_PAGE);
    const numbers = Array.from({ length: lastPage - firstPage + 1 }, (_, i) => firstPage + i);
    const pages = await Promise.all(numbers.map((n) => (n === 1 ? first : page(n))));
    const listed = pages.flatMap((data) => data.commits);
    const skip = from - (firstPage - 1) * PER_PAGE;
    return { commits: listed.slice(skip, skip + keep).map(toCommit), total };
  } catch (error) {
    // The last green commit is gone (a force-push rewrote history): the range cannot be listed,
    // which must not keep the incident from opening.
    if (statusOf(error) === 404) return { commits: [], total: 0 };
    throw error;
  }
}
