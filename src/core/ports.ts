// The interfaces use cases depend on. Adapters implement them; tests pass fakes or real adapters
// pointed at local fake servers. Nothing here does I/O.

import type { Recipient } from '../escalation/domain/step-recipients.js';
import type { FixTask } from '../fix-tasks/domain/fix-task.js';
import type { DigestEntry } from '../incidents/domain/digest.js';
import type { Incident } from '../incidents/domain/incident.js';
import type { ThreadNote } from '../incidents/domain/thread-note.js';
import type { Pause, SelfHealFlags } from '../settings/domain/settings-doc.js';
import type { CommitInfo, JobInfo, RunInfo, WatchRef } from './domain/types.js';

/** A stored document and the version a compare-and-set must name to replace it. */
export interface Versioned<T> {
  readonly value: T;
  readonly version: number;
}

export type CasResult<T> =
  | { readonly ok: true; readonly version: number }
  | { readonly ok: false; readonly current: Versioned<T> | undefined };

export interface DueItem {
  readonly member: string;
  readonly dueAt: number;
}

/**
 * Durable state and the coordination primitives replicas share.
 *
 * Every method either does what it says or throws (a `StoreUnavailableError` when the backend
 * cannot be reached): a failure is never reported as "absent".
 */
export interface Store {
  /** The document at `key`, or undefined when there is none. */
  get<T>(key: string): Promise<Versioned<T> | undefined>;
  /**
   * Compare-and-set. Writes `value` when the stored version equals `expectedVersion`
   * (0 means "must not exist yet") and answers the new version; otherwise answers the current one.
   */
  put<T>(key: string, value: T, expectedVersion: number): Promise<CasResult<T>>;
  /** Deletes the document when its version is `expectedVersion`; false when it was not. */
  remove(key: string, expectedVersion: number): Promise<boolean>;
  /** Every document whose key starts with `prefix`, in key order. */
  list<T>(prefix: string): Promise<Array<Versioned<T> & { readonly key: string }>>;

  /** Sets a marker if no live one exists; true for exactly one of any number of racing callers. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** The live marker at `key`, or undefined when there is none or it expired. */
  getMarker(key: string): Promise<string | undefined>;
  /** Deletes the marker only while it still holds `value` (a claim's owner releasing it). */
  releaseMarker(key: string, value: string): Promise<boolean>;
  /**
   * Extends a live marker that still holds `value` to expire `ttlMs` from now (a lease's owner
   * keeping it while it works); false when the marker expired or someone else holds it.
   */
  renewMarker(key: string, value: string, ttlMs: number): Promise<boolean>;

  /** Adds `member` to `queue` due at `dueAt` (epoch ms), or moves it there if already queued. */
  schedule(queue: string, member: string, dueAt: number): Promise<void>;
  /** Removes `member` from `queue`; a no-op when it is not there. */
  unschedule(queue: string, member: string): Promise<void>;
  /**
   * Atomically takes up to `limit` members due at or before `now` and leases them for `leaseMs`
   * (their due time moves to `now + leaseMs`), so no other claimer gets them meanwhile. A claimer
   * that finishes calls `unschedule` (or `schedule` for a next step); one that dies loses the lease
   * and the member becomes due again.
   */
  claimDue(queue: string, now: number, leaseMs: number, limit: number): Promise<DueItem[]>;

  /** Throws when the backend does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

/** The opt-ins and the pause in force at the moment of one read. */
export interface CurrentSettings {
  readonly selfHeal: SelfHealFlags;
  /** The pause in force now; absent when not paused or when the last pause has expired. */
  readonly pause?: Pause;
}

/** Why settings could not be read: the kind of failure, never raw error text. */
export type SettingsUnreadable = 'store unreachable' | 'store error' | 'settings unreadable';

export type SettingsRead =
  | { readonly ok: true; readonly settings: CurrentSettings }
  | { readonly ok: false; readonly cause: SettingsUnreadable };

/**
 * The opt-ins and the pause, read afresh on every call so that a change made from Slack takes
 * effect without a restart. Never throws: an unreadable store is `{ ok: false }`, and whoever is
 * about to act on its own must then not act (autonomous actions fail closed).
 */
export interface Settings {
  read(): Promise<SettingsRead>;
}

export interface Clock {
  now(): number;
}

export interface RunPage {
  readonly runs: RunInfo[];
  readonly more: boolean;
}

/** Part of a commit range: its newest commits, oldest first, and the size of the whole range. */
export interface CommitRange {
  readonly commits: readonly CommitInfo[];
  readonly total: number;
}

/** GitHub Actions as the CI loop reads it. Every method throws on an API error. */
export interface CiProvider {
  defaultBranch(repo: string): Promise<string>;
  /**
   * One page (1-based) of the runs of one workflow on one branch, of every status, newest first
   * as GitHub lists them; `more` says whether a further page exists.
   */
  listRuns(watch: WatchRef, page: number): Promise<RunPage>;
  /** Jobs of one attempt of a run, with their steps. */
  listJobs(repo: string, runId: number, attempt: number): Promise<JobInfo[]>;
  /**
   * The newest `limit` commits of `base..head` (those nearest `head`), oldest first, and how many
   * the range holds. `base` undefined means just `head` (total 1); a `base` GitHub no longer has
   * (history rewritten) gives no commits and total 0.
   */
  commitRange(repo: string, base: string | undefined, head: string, limit: number): Promise<CommitRange>;
  rerunFailedJobs(repo: string, runId: number): Promise<void>;
}

/** Why a job's log or annotations could not be read: said plainly, never thrown. */
export type LogUnavailable = 'expired' | 'not found' | 'forbidden' | 'unreachable';

export type JobLogRead =
  | {
      readonly ok: true;
      /** The last lines of the log, at most the bytes asked for. */
      readonly text: string;
      /** The log was longer: its start is not in `text`. */
      readonly cut: boolean;
    }
  | { readonly ok: false; readonly unavailable: LogUnavailable };

export type AnnotationsRead =
  | { readonly ok: true; readonly messages: readonly string[] }
  | { readonly ok: false; readonly unavailable: LogUnavailable };

/**
 * A failed job's own words: the tail of its log and its failure annotations. Never throws: a log
 * that cannot be read is a reason, so nothing waiting for it is ever held back.
 */
export interface JobLogs {
  /** The tail of the job's log, bounded by `maxBytes` (and a few hundred lines). */
  tail(repo: string, jobId: number, maxBytes: number): Promise<JobLogRead>;
  /** Failure annotations that say more than "Process completed with exit code N". */
  failureAnnotations(repo: string, jobId: number): Promise<AnnotationsRead>;
}

/** A pull request as fix tasks follow it. */
export interface PullInfo {
  readonly number: number;
  /** The page people open (`html_url`). */
  readonly url: string;
  /** The GraphQL node ID (`node_id`), which `revertPullRequest` takes. */
  readonly nodeId: string;
  readonly title: string;
  /** '' when the pull request has no body. */
  readonly body: string;
  readonly state: 'open' | 'closed';
  readonly merged: boolean;
  /** The commit the merge made on the base branch, once merged. */
  readonly mergeCommitSha?: string;
  readonly headRef: string;
  readonly headSha: string;
  readonly baseRef: string;
  /** null while GitHub is still computing it (it does so lazily after a GET). */
  readonly mergeable: boolean | null;
  /** GitHub's `mergeable_state`: clean, blocked, behind, dirty, unstable, draft, unknown, … */
  readonly mergeableState: string;
  readonly draft: boolean;
  /** The author's login (`<slug>[bot]` for an app or the Actions token). */
  readonly author: string;
  /** The author's account type: `User`, `Bot` or `Organization`. */
  readonly authorType: string;
  /** The repository the head branch is in (`owner/name`): another one for a fork; null once a fork is deleted. */
  readonly headRepo: string | null;
  /** ISO 8601, when it was opened. */
  readonly createdAt: string;
}

/** The GitHub Actions runs on one commit, summed up (latest attempt of each workflow's newest run). */
export interface ChecksSummary {
  /**
   * none: no run yet; pending: some still queued or running; action_required: some wait for a
   * maintainer's approval to run; failure: some failed, timed out or could not start; no_signal:
   * none of those, but some were cancelled, or all were skipped or neutral (no evidence either
   * way, as for the CI signal); success: all finished as success, skipped or neutral, at least
   * one as success.
   */
  readonly state: 'none' | 'pending' | 'action_required' | 'failure' | 'no_signal' | 'success';
  /** How many workflow runs were summed. */
  readonly runs: number;
  /** Names of the workflows that decided a failure, wait for approval, or gave no signal (else empty). */
  readonly names: readonly string[];
}

/** A commit as the revert safety ladder reads it. */
export interface CommitSummary {
  readonly sha: string;
  readonly message: string;
  /** ISO 8601, the committer date. */
  readonly date: string;
}

/**
 * GitHub as fix tasks use it: the remedies' writes and what following a fix pull request reads.
 * Every method throws on an API error (an Octokit RequestError, whose `status` tells a 403 from
 * a 404); none retries a write on its own beyond what the Octokit plugins do.
 */
export interface FixForge {
  /** Pull requests associated with a commit (`GET /repos/{o}/{r}/commits/{sha}/pulls`). */
  pullsOfCommit(repo: string, sha: string): Promise<PullInfo[]>;
  /** One commit's message and date. */
  commit(repo: string, sha: string): Promise<CommitSummary>;
  /** Commits on `branch` since `since` (ISO), newest first, at most `limit`. */
  commitsSince(repo: string, branch: string, since: string, limit: number): Promise<CommitSummary[]>;
  /**
   * Opens a pull request reverting the merged pull request `pull` (GraphQL `revertPullRequest`);
   * answers the revert pull request.
   */
  revertPull(repo: string, pull: PullInfo, text: { title: string; body: string }): Promise<PullInfo>;
  /** `workflow_dispatch` of `workflow` on `ref` with string inputs. */
  dispatchWorkflow(
    repo: string,
    workflow: string,
    ref: string,
    inputs: Record<string, string>,
  ): Promise<void>;
  createIssue(
    repo: string,
    issue: { title: string; body: string; assignees?: readonly string[] },
  ): Promise<{ number: number; url: string }>;
  /** The newest pull requests of every state (`state=all`, newest first), at most `limit`. */
  recentPulls(repo: string, limit: number): Promise<PullInfo[]>;
  /**
   * Every pull request (any state) opened at or after `since` (ISO), newest first: page after page
   * as GitHub links them, stopping at the first page that reaches one opened before `since`.
   */
  pullsOpenedSince(repo: string, since: string): Promise<PullInfo[]>;
  /**
   * The login Overseer itself acts as on GitHub: the token's user (`GET /user`), or an App's bot
   * `<slug>[bot]` (`GET /app`). Asked once; a failed ask is asked again next time.
   */
  selfLogin(): Promise<string>;
  pull(repo: string, number: number): Promise<PullInfo>;
  /** GitHub Actions runs on `sha`, of every workflow or only `workflow` (a file name) when given. */
  checksAt(repo: string, sha: string, workflow?: string): Promise<ChecksSummary>;
  /** Merges (squash) only while the head is still `headSha`; answers the commit the merge made. */
  merge(repo: string, number: number, headSha: string): Promise<{ sha: string }>;
}

export interface ChatMessage {
  readonly channel: string;
  readonly text: string;
  readonly blocks?: readonly unknown[];
  readonly threadTs?: string;
  /** Tags a top-level message with the incident it shows, so it can be found again. */
  readonly incidentId?: string;
}

export interface PostedMessage {
  readonly channel: string;
  readonly ts: string;
}

/**
 * Slack as use cases see it. Every method throws on an API error: a DeliveryRefusedError when
 * Slack refused in a way no retry mends (delivery-refused.ts), the error as it came otherwise.
 */
export interface Chat {
  post(message: ChatMessage): Promise<PostedMessage>;
  /** A direct message to one user (`channel` is ignored): the DM is opened first. */
  dm(user: string, message: Omit<ChatMessage, 'channel'>): Promise<PostedMessage>;
  update(message: ChatMessage & { readonly ts: string }): Promise<void>;
  /** The message tagged with `incidentId` posted in `channel` since `sinceMs`, if any. */
  findIncidentMessage(
    channel: string,
    incidentId: string,
    sinceMs: number,
  ): Promise<PostedMessage | undefined>;
  /** The Slack user ID for an e-mail address, or undefined when nobody has it. */
  userIdByEmail(email: string): Promise<string | undefined>;
  /** A message only `user` sees, in `channel`. */
  ephemeral(channel: string, user: string, text: string): Promise<void>;
  /** The user IDs in a Slack user group. */
  usergroupMembers(usergroup: string): Promise<string[]>;
  /** A link to a message that opens it in Slack (`chat.getPermalink`). */
  permalink(message: PostedMessage): Promise<string>;
}

/** What `IncidentChannels.create` answers: the new channel, or that Slack has one of that name. */
export type ChannelCreated = { readonly kind: 'created'; readonly id: string } | { readonly kind: 'taken' };

/**
 * Slack refused an incident channel call in a way no retry mends (a scope not granted, a workspace
 * that lets no app create channels, a channel archived or left by hand): the work is given up.
 */
export class ChannelRefusedError extends Error {
  override readonly name = 'ChannelRefusedError';
  constructor(readonly reason: string) {
    super(`Slack refused the incident channel call: ${reason}`);
  }
}

/**
 * Slack channels of their own for incidents (a repo's `incidentChannels`), in the separate scopes
 * of the optional manifest section. Every method throws on an unexpected API error, and a
 * ChannelRefusedError when retrying cannot help.
 */
export interface IncidentChannels {
  /** Creates a public channel; `taken` when the name is in use (archived channels keep theirs). */
  create(name: string): Promise<ChannelCreated>;
  /**
   * Invites people (up to 1000 a call). Who is in already, the bot itself, and people who can
   * never be invited (deactivated, unknown) are passed over; answers those passed over.
   */
  invite(channel: string, users: readonly string[]): Promise<readonly string[]>;
  /** Pins a message; one pinned already counts as done. */
  pin(message: PostedMessage): Promise<void>;
  /** Archives a channel: `archived` (also when it was already), or Slack's reason it will not. */
  archive(channel: string): Promise<'archived' | 'not_in_channel' | 'channel_not_found'>;
}

/** What one escalation action says in the incident thread. */
export type PageCall =
  /** A later round's `notify: channel`: the incident is still not acknowledged. */
  | { readonly kind: 'reminder' }
  /** An @-mention of these recipients (users resolved, or a user group, `@here`, the channel). */
  | { readonly kind: 'mention'; readonly to: Recipient }
  /** A step whose target reached nobody: on-call empty, or no suspected author known in Slack. */
  | { readonly kind: 'nobody'; readonly via: 'mention' | 'dm' };

/** Turns domain records into chat messages (Block Kit in the Slack adapter). */
export interface IncidentPresenter {
  /** The incident's message; `task` is its fix task, when it has one (its state shows in the message). */
  incident(
    incident: Incident,
    now: number,
    task?: FixTask,
  ): { readonly text: string; readonly blocks: readonly unknown[] };
  note(note: ThreadNote, incident: Incident): string;
  /** An escalation action's reply in the incident thread. */
  page(call: PageCall, incident: Incident): string;
  /**
   * An escalation DM: what broke, a link to the incident message, an Acknowledge button; once
   * the incident is acknowledged (or resolved), who took it and no button.
   */
  dm(incident: Incident, permalink: string): { readonly text: string; readonly blocks: readonly unknown[] };
  /** A channel's daily digest of the events decisions queued (flaky failures by default). */
  digest(
    day: string,
    entries: readonly DigestEntry[],
  ): { readonly text: string; readonly blocks: readonly unknown[] };
  /** The incident's message posted afresh because the one before was deleted: it says so. */
  replacement(view: { readonly text: string; readonly blocks: readonly unknown[] }): {
    readonly text: string;
    readonly blocks: readonly unknown[];
  };
  /** The admins' DM about a delivery Slack refused for good, and what is done about it. */
  refusal(refused: { readonly method: string; readonly code: string; readonly channel: string }): string;
  /** The incident thread's pointer to the incident's own channel, once it is set up. */
  channelLink(channel: string, invited: number, incident: Incident): string;
  /** A fix task's message in its incident's thread: the plan, where it stands, its buttons. */
  task(
    task: FixTask,
    incident: Incident,
    now: number,
  ): { readonly text: string; readonly blocks: readonly unknown[] };
}

/** The slice of a pino logger use cases need: static messages, details in the fields object. */
export interface Log {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** What use cases report for metrics; the adapter turns it into Prometheus series. */
export interface Telemetry {
  checkDone(outcome: { verdict: string; event?: string; slackFailed: boolean }): void;
  checkFailed(repo: string): void;
  cycleDone(durationMs: number): void;
  /** Slack refused one delivery for good (`chat.update`, `message_not_found`): it was set aside. */
  slackSetAside(method: string, code: string): void;
}
