import { shortSha } from '../../diagnosis/domain/culprit.js';

/** What the revert strategy's safety ladder looks at before it proposes or opens a revert. */
export interface RevertFacts {
  /** CI is green again: the incident is no longer open. */
  readonly recovered: boolean;
  /** How many commits are suspected (named and omitted). */
  readonly suspectCount: number;
  /** The one suspect, when there is exactly one. */
  readonly suspect?: {
    readonly sha: string;
    /** The whole commit message. */
    readonly message: string;
    /** When it was committed (epoch ms). */
    readonly committedAt: number;
  };
  /** A later commit on the branch that already reverts the suspect. */
  readonly revertedBy?: string;
  /** The merged pull request that brought the suspect in, if any. */
  readonly pull?: { readonly number: number };
}

/** A suspect older than this is not reverted: later work may build on it. */
export const MAX_REVERT_AGE_MS = 24 * 60 * 60_000;

/** A revert made by `git revert` or GitHub's Revert button says so in its message. */
export function isRevertMessage(message: string): boolean {
  return /^Revert "/.test(message) || /This reverts commit [0-9a-f]{7,40}/.test(message);
}

/** Whether `message` says it reverts `sha` (git's "This reverts commit <sha>."). */
export function revertsCommit(message: string, sha: string): boolean {
  return message.includes(`This reverts commit ${sha}`);
}

/**
 * Why a revert must not be opened, in words shown on the task; undefined when every rung of the
 * ladder holds. The rungs, in order: CI still red; exactly one suspect; the suspect is not itself
 * a revert; nobody reverted it already; it is at most 24 h old; a pull request brought it in
 * (GitHub's revert goes through one).
 */
export function revertRefusal(facts: RevertFacts, now: number): string | undefined {
  if (facts.recovered) return 'CI is green again, so there is nothing to revert';
  const { suspect } = facts;
  if (facts.suspectCount !== 1 || suspect === undefined) {
    return facts.suspectCount === 0
      ? 'no commit is suspected, so there is nothing to revert'
      : `there is no single suspect: ${facts.suspectCount} commits could have broken CI`;
  }
  const at = shortSha(suspect.sha);
  if (isRevertMessage(suspect.message)) return `${at} is itself a revert; Overseer does not revert a revert`;
  if (facts.revertedBy !== undefined) {
    return `${at} was already reverted by ${shortSha(facts.revertedBy)}`;
  }
  if (now - suspect.committedAt > MAX_REVERT_AGE_MS) {
    return `${at} is more than 24 h old; reverting it now could undo later work`;
  }
  if (facts.pull === undefined) {
    return `${at} came in without a pull request; Overseer reverts only through one, so revert it by hand`;
  }
  return undefined;
}
