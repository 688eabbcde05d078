import { commitJson, HTML, paginate } from './fake-github-json.js';
import { failed, notFound, ok, type RouteContext, repoOf } from './fake-github-routes.js';
import type { FakeRequest, FakeResponse } from './http-fake-server.js';

/** What "Compare two commits" lists when called without `per_page` or `page`. */
export const UNPAGED_COMPARE_LIMIT = 250;

/**
 * `GET /repos/{owner}/{repo}/compare/{basehead}` as "Compare two commits" documents it
 * (https://docs.github.com/en/rest/commits/commits#compare-two-commits):
 *
 * - the commits of `git log base..head` (from the merge base), but in chronological order: oldest
 *   first; `total_commits` counts all of them whatever is listed;
 * - "When calling this endpoint without any paging parameter (`per_page` or `page`), the returned
 *   list is limited to 250 commits, and the last commit in the list is the most recent of the
 *   entire comparison": the NEWEST 250, oldest first, so the list ends at `head`;
 * - with `per_page` or `page` the list is paged like any other (default 30, at most 100, see
 *   `paginate`), "in chronological order, but the last commit in the returned list may not be the
 *   most recent one in the entire set if there are more pages of results", and "the first commit in
 *   the returned list of each page is the earliest" (the 2021 wording of the same page): page 1
 *   starts at the OLDEST commit of the range and the last page ends at `head`;
 * - "The list of changed files is only shown on the first page of results", so later pages have no
 *   `files` (the fake's commits change no files, so page 1 and unpaged answers carry `files: []`).
 *
 * Ambiguous in the docs, and chosen here: whether an unpaged answer over 250 commits carries a
 * `link` header (the docs name none; the fake sends none, so a client must page by
 * `total_commits`, which is what Octokit's paginate falls back to for this endpoint), and what a
 * page past the last holds (the fake answers an empty `commits` list with the totals).
 */
export function compareCommits(ctx: RouteContext, req: FakeRequest): FakeResponse {
  const repo = repoOf(ctx, req);
  const [baseRef, headRef] = (req.params.basehead ?? '').split(/\.{2,3}/);
  if (!repo || !baseRef || !headRef) return notFound();
  const base = ctx.model.resolve(repo, baseRef);
  const head = ctx.model.resolve(repo, headRef);
  if (!base || !head) return notFound();
  const headHistory = ctx.model.history(repo, head.sha);
  const baseHistory = ctx.model.history(repo, base.sha);
  const baseShas = new Set(baseHistory.map((c) => c.sha));
  const mergeBase = headHistory.find((c) => baseShas.has(c.sha));
  if (!mergeBase) return failed(404, `No common ancestor between ${baseRef} and ${headRef}.`);
  const chronological = headHistory.slice(0, headHistory.indexOf(mergeBase)).reverse();
  const behindBy = baseHistory.indexOf(mergeBase);
  const aheadBy = chronological.length;
  const status =
    aheadBy > 0 && behindBy > 0 ? 'diverged' : aheadBy > 0 ? 'ahead' : behindBy > 0 ? 'behind' : 'identical';

  const paged = req.query.has('per_page') || req.query.has('page');
  const page = paged
    ? paginate(chronological, req, ctx.api())
    : { items: chronological.slice(-UNPAGED_COMPARE_LIMIT), headers: {} };
  const firstPage = !paged || Math.max(Number(req.query.get('page') ?? 1) || 1, 1) === 1;

  const compareUrl = `${ctx.api()}/repos/${repo.fullName}/compare/${baseRef}...${headRef}`;
  const htmlUrl = `${HTML}/${repo.fullName}/compare/${baseRef}...${headRef}`;
  const body = {
    url: compareUrl,
    html_url: htmlUrl,
    permalink_url: `${HTML}/${repo.fullName}/compare/${repo.owner}:${base.sha.slice(0, 7)}...${repo.owner}:${head.sha.slice(0, 7)}`,
    diff_url: `${htmlUrl}.diff`,
    patch_url: `${htmlUrl}.patch`,
    base_commit: commitJson(repo, base, ctx.api()),
    merge_base_commit: commitJson(repo, mergeBase, ctx.api()),
    status,
    ahead_by: aheadBy,
    behind_by: behindBy,
    total_commits: aheadBy,
    commits: page.items.map((c) => commitJson(repo, c, ctx.api())),
    ...(firstPage ? { files: [] } : {}),
  };
  return ok(body, page.headers);
}
