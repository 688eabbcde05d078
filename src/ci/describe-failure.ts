import type { CommitInfo, JobInfo } from '../core/domain/types.js';
import type { Chat, CiProvider, Log } from '../core/ports.js';
import { suspects } from '../diagnosis/domain/culprit.js';
import type { Suspect } from '../incidents/domain/incident.js';
import type { WatchTarget } from './watch-target.js';

/** How many suspects an incident keeps; the message shows fewer and counts the rest. */
export const SUSPECT_LIMIT = 25;
const FAILED_JOB_CONCLUSIONS: ReadonlySet<string> = new Set(['failure', 'timed_out', 'startup_failure']);

export interface DescribeDeps {
  readonly ci: CiProvider;
  readonly chat: Chat;
  readonly log: Log;
}

export async function failingJobs(deps: DescribeDeps, repo: string, runId: number, attempt: number) {
  const jobs = await deps.ci.listJobs(repo, runId, attempt);
  return jobs.filter((job: JobInfo) => job.conclusion !== null && FAILED_JOB_CONCLUSIONS.has(job.conclusion));
}

function isRealEmail(email: string | undefined): email is string {
  if (email === undefined) return false;
  return email.includes('@') && !email.endsWith('users.noreply.github.com');
}

/**
 * Names commit authors as Slack users where they can be found: the watch's `users` map first,
 * then Slack's e-mail lookup. A failed lookup only costs the mention (alerts fail open).
 */
export async function nameAuthors(
  deps: DescribeDeps,
  target: WatchTarget,
  commits: readonly CommitInfo[],
): Promise<Suspect[]> {
  const byEmail = new Map<string, Promise<string | undefined>>();
  const lookup = (email: string) => {
    let found = byEmail.get(email);
    if (found === undefined) {
      found = deps.chat.userIdByEmail(email).catch((error: unknown) => {
        deps.log.warn({ err: error }, 'Slack user lookup by e-mail failed');
        return undefined;
      });
      byEmail.set(email, found);
    }
    return found;
  };
  const named: Suspect[] = [];
  for (const commit of commits) {
    const mapped = commit.authorLogin === undefined ? undefined : target.users[commit.authorLogin];
    const slackUserId =
      mapped ?? (isRealEmail(commit.authorEmail) ? await lookup(commit.authorEmail) : undefined);
    named.push(slackUserId === undefined ? commit : { ...commit, slackUserId });
  }
  return named;
}

/**
 * The commits of `base..head`, newest first and at most `limit` of them (those nearest `head`),
 * authors named, and how many more the range holds.
 */
export async function findSuspects(
  deps: DescribeDeps,
  target: WatchTarget,
  range: { readonly base: string; readonly head: string; readonly limit: number },
): Promise<{ suspects: Suspect[]; omitted: number }> {
  const found = await deps.ci.commitRange(target.watch.repo, range.base, range.head, range.limit);
  const picked = suspects(found.commits, range.limit, found.total);
  return { suspects: await nameAuthors(deps, target, picked.commits), omitted: picked.omitted };
}
