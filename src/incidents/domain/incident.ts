import type { EpisodeEvent, RedEpisode } from '../../ci/domain/episode.js';
import type { CommitInfo, JobInfo, RunInfo, WatchRef } from '../../core/domain/types.js';
import type { DecisionRecord } from '../../escalation/domain/decision-record.js';
import {
  acknowledge as acknowledgeEscalation,
  type EscalationState,
  resolve as resolveEscalation,
} from '../../escalation/domain/escalation.js';
import type { GithubReport } from '../../escalation/domain/github-status.js';
import type { StormJoin, StormView } from '../../storms/domain/storm-view.js';
import type { ThreadReplies } from './thread-replies.js';

/** A suspected commit, with its author named as a Slack user where one was found. */
export interface Suspect extends CommitInfo {
  readonly slackUserId?: string;
}

export type IncidentStatus = 'open' | 'recovered' | 'flaky';

/** How an automatic re-run made before paging ended: it failed too, ran out of time, was overtaken. */
export type AutoRetryOutcome = 'failed' | 'timed-out' | 'newer-red' | 'not-started';

/** The same failure seen in an earlier incident, said in one line. */
export interface SeenBeforeLine {
  /** "Seen 3 times in 14 days · last time resolved as flaky on Nov 21". */
  readonly text: string;
  readonly incidentId: string;
  /** A link to the earlier incident's message, when Slack gave one. */
  readonly link?: string;
}

/** One red episode of one watch, as people see it in its Slack message. */
export interface Incident {
  /** `owner/repo:workflow:branch#episode`: stable, so every replica names it alike. */
  readonly id: string;
  readonly watch: WatchRef;
  readonly episode: number;
  readonly status: IncidentStatus;
  /** When CI went red (epoch ms): the first red run's creation. */
  readonly since: number;
  readonly sinceUnknown: boolean;
  readonly lastGreenSha?: string;
  readonly firstRedSha: string;
  readonly headSha: string;
  readonly run: { readonly id: number; readonly attempt: number; readonly url: string };
  readonly failingJobs: readonly JobInfo[];
  readonly suspects: readonly Suspect[];
  readonly suspectsOmitted: number;
  /** The newest MAX_LATER_RED_SHAS red commits seen after the first one, oldest first. */
  readonly laterRedShas: readonly string[];
  /**
   * How many red commits came after the first one, those no longer in `laterRedShas` included.
   * Absent in incidents stored before the list was bounded: its length then. Read it through
   * `laterRedCount()`.
   */
  readonly laterRedCount?: number;
  readonly acknowledgedBy?: string;
  readonly acknowledgedAt?: number;
  readonly resolvedAt?: number;
  readonly resolvedSha?: string;
  readonly redForMs?: number;
  /** Names of the jobs that failed and then passed on a re-run of the same commit. */
  readonly flakedJobs?: readonly string[];
  /**
   * The escalation policy frozen when the incident opened, and where it stands. Absent in
   * incidents stored by versions before escalation: nothing is escalated for them.
   */
  readonly escalation?: EscalationState;
  /** What the decision engine made of this incident's events, newest last (a few kept). */
  readonly decisions?: readonly DecisionRecord[];
  /** Barge-ins already made (`still-red`, `fix-failed:T-3`): each pages once per incident. */
  readonly bargedIn?: readonly string[];
  /** Its opening was ignored or queued by decision: recorded, never posted, nobody paged. */
  readonly quiet?: boolean;
  /** People's replies in the incident's thread (thread-replies.ts); absent until the first. */
  readonly replies?: ThreadReplies;
  /** A failing job's error seen before in this watch (see failure-memory.ts). */
  readonly seenBefore?: SeenBeforeLine;
  /** An automatic re-run (`flakeRetry`) was tried before this incident was posted. */
  readonly autoRetry?: AutoRetryOutcome;
  /** It joined another watch's storm (storms/): no message, no page of its own, until split off. */
  readonly joined?: StormJoin;
  /** Its message is a storm's: the other watches red from the same cause (storms/). */
  readonly storm?: StormView;
  /**
   * Opened while GitHub's status page reported Actions not operational: its message says so and
   * nobody is paged for it (no escalation), then or once Actions is operational again.
   */
  readonly githubReport?: GithubReport;
}

/** Most later red commits an incident lists; a long red counts the rest (`laterRedCount`). */
export const MAX_LATER_RED_SHAS = 20;

/** How many red commits came after the first one. */
export function laterRedCount(incident: Incident): number {
  return incident.laterRedCount ?? incident.laterRedShas.length;
}

export function incidentId(watchKeyText: string, episode: number): string {
  return `${watchKeyText}#${episode}`;
}

function runRef(run: RunInfo): Incident['run'] {
  return { id: run.id, attempt: run.attempt, url: run.url };
}

export function openIncident(args: {
  readonly id: string;
  readonly watch: WatchRef;
  readonly red: RedEpisode;
  readonly run: RunInfo;
  readonly failingJobs: readonly JobInfo[];
  readonly suspects: readonly Suspect[];
  readonly suspectsOmitted: number;
  readonly escalation?: EscalationState;
}): Incident {
  const { red } = args;
  return {
    id: args.id,
    watch: args.watch,
    episode: red.episode,
    status: 'open',
    since: red.since,
    sinceUnknown: red.sinceUnknown,
    ...(red.lastGreenSha === undefined ? {} : { lastGreenSha: red.lastGreenSha }),
    firstRedSha: red.firstSha,
    headSha: red.headSha,
    run: runRef(args.run),
    failingJobs: args.failingJobs,
    suspects: args.suspects,
    suspectsOmitted: args.suspectsOmitted,
    laterRedShas: [],
    ...(args.escalation === undefined ? {} : { escalation: args.escalation }),
  };
}

/**
 * The incident after CI failed again, at a newer commit or on a re-run of the same one. Only the
 * newest MAX_LATER_RED_SHAS later commits are listed; the count goes on, so a red of hundreds of
 * commits keeps the document small and still says how many.
 */
export function stillRed(incident: Incident, run: RunInfo, failingJobs: readonly JobInfo[]): Incident {
  const newCommit = run.headSha !== incident.headSha && !incident.laterRedShas.includes(run.headSha);
  const moved = { ...incident, headSha: run.headSha, run: runRef(run), failingJobs };
  if (!newCommit) return moved;
  return {
    ...moved,
    laterRedShas: [...incident.laterRedShas, run.headSha].slice(-MAX_LATER_RED_SHAS),
    laterRedCount: laterRedCount(incident) + 1,
  };
}

/** The incident once CI is green again: recovered at a new commit, or flaky on the same one. */
export function resolveIncident(incident: Incident, event: EpisodeEvent, now: number): Incident {
  if (event.type !== 'recovered' && event.type !== 'flaky') return incident;
  return {
    ...incident,
    status: event.type,
    resolvedAt: now,
    resolvedSha: event.run.headSha,
    redForMs: event.redForMs,
    ...(event.type === 'flaky' ? { flakedJobs: incident.failingJobs.map((job) => job.name) } : {}),
    ...(incident.escalation === undefined ? {} : { escalation: resolveEscalation(incident.escalation, now) }),
  };
}

export function acknowledge(incident: Incident, userId: string, now: number): Incident {
  if (incident.acknowledgedBy !== undefined) return incident;
  const escalation = incident.escalation && acknowledgeEscalation(incident.escalation, userId, now);
  return { ...incident, acknowledgedBy: userId, acknowledgedAt: now, ...(escalation ? { escalation } : {}) };
}
