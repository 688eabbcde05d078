import type { RunInfo } from '../../core/domain/types.js';
import { compareRuns, markOf, type RunMark, type Verdict } from './ci-signal.js';

export interface GreenMark {
  readonly sha: string;
  readonly runId: number;
  /** When the green run finished (epoch ms). */
  readonly at: number;
}

export interface RedEpisode {
  /** 1 for the watch's first incident, then counting up: with the watch, it names the incident. */
  readonly episode: number;
  readonly firstSha: string;
  /** When the first red run was created (epoch ms): CI has been red since then. */
  readonly since: number;
  /** True when no green was known before this red: nothing can be blamed on a commit range. */
  readonly sinceUnknown: boolean;
  /** The last green before the episode, the lower end of the suspect range. */
  readonly lastGreenSha?: string;
  /** The run and attempt the episode currently stands on. */
  readonly headSha: string;
  readonly runId: number;
  readonly attempt: number;
}

/** The run the state stands on, and when it finished (epoch ms). */
export interface Stand extends RunMark {
  readonly at: number;
}

/** What the episode machine remembers of one watch between looks. */
export interface EpisodeState {
  readonly signal: 'unknown' | 'green' | 'red';
  readonly episode: number;
  readonly lastGreen?: GreenMark;
  readonly red?: RedEpisode;
  /** The run the verdict stands on; runs older than it never move the state again. */
  readonly stand?: Stand;
  /** At the last look: commits newer than `stand` whose runs were still queued or in progress. */
  readonly newerRunning?: number;
}

export type EpisodeEvent =
  | { readonly type: 'regression'; readonly red: RedEpisode; readonly run: RunInfo }
  | {
      readonly type: 'still-red';
      readonly red: RedEpisode;
      readonly run: RunInfo;
      /** False when the same commit failed again (a re-run); true for a newer commit. */
      readonly newCommit: boolean;
    }
  | { readonly type: 'recovered'; readonly red: RedEpisode; readonly run: RunInfo; readonly redForMs: number }
  | { readonly type: 'flaky'; readonly red: RedEpisode; readonly run: RunInfo; readonly redForMs: number };

export interface EpisodeStep {
  readonly state: EpisodeState;
  readonly event?: EpisodeEvent;
}

export const INITIAL_EPISODE_STATE: EpisodeState = { signal: 'unknown', episode: 0 };

function greenMark(run: RunInfo): GreenMark {
  return { sha: run.headSha, runId: run.id, at: Date.parse(run.updatedAt) };
}

function standOn(run: RunInfo): Stand {
  return { ...markOf(run), at: Date.parse(run.updatedAt) };
}

function openEpisode(state: EpisodeState, verdict: Extract<Verdict, { kind: 'red' }>): EpisodeStep {
  const { run, firstRed, greenBefore } = verdict;
  const lastGreen =
    greenBefore !== undefined
      ? greenMark(greenBefore)
      : state.signal === 'green'
        ? state.lastGreen
        : undefined;
  const red: RedEpisode = {
    episode: state.episode + 1,
    firstSha: firstRed.headSha,
    since: Date.parse(firstRed.createdAt),
    sinceUnknown: lastGreen === undefined,
    ...(lastGreen === undefined ? {} : { lastGreenSha: lastGreen.sha }),
    headSha: run.headSha,
    runId: run.id,
    attempt: run.attempt,
  };
  const next: EpisodeState = {
    ...state,
    signal: 'red',
    episode: red.episode,
    red,
    stand: standOn(run),
    newerRunning: verdict.newerRunning,
    ...(lastGreen === undefined ? {} : { lastGreen }),
  };
  return { state: next, event: { type: 'regression', red, run } };
}

function closeEpisode(
  state: EpisodeState,
  red: RedEpisode,
  verdict: Extract<Verdict, { kind: 'green' }>,
): EpisodeStep {
  const { run } = verdict;
  const mark = greenMark(run);
  const redForMs = Math.max(0, mark.at - red.since);
  const type = run.headSha === red.headSha ? 'flaky' : 'recovered';
  const { red: _closed, ...rest } = state;
  const next: EpisodeState = {
    ...rest,
    signal: 'green',
    lastGreen: mark,
    stand: standOn(run),
    newerRunning: verdict.newerRunning,
  };
  return { state: next, event: { type, red, run, redForMs } };
}

/** For a state written before `stand` was kept: the run it last moved on. */
function seenBefore(state: EpisodeState, run: RunInfo): boolean {
  if (state.signal === 'red') return state.red?.runId === run.id && state.red.attempt === run.attempt;
  return state.signal === 'green' && state.lastGreen?.runId === run.id;
}

function withRunning(state: EpisodeState, newerRunning: number): EpisodeStep {
  return { state: state.newerRunning === newerRunning ? state : { ...state, newerRunning } };
}

/**
 * One look at a watch: the verdict moves the state, and at most one event says what changed.
 *
 * - no signal: nothing moves but the count of newer commits still running (an API error, a
 *   cancelled run or a run in progress proves nothing);
 * - a run no newer than the one the state stands on: nothing moves (a stale look never undoes a
 *   newer one);
 * - green -> red (or unknown -> red): regression, opening episode n+1;
 * - red at a newer commit, or a new failed attempt of the same one: still red;
 * - red -> green at another commit: recovered; at the very commit that was red: flaky.
 */
export function stepEpisode(state: EpisodeState, verdict: Verdict): EpisodeStep {
  if (verdict.kind === 'no-signal') return withRunning(state, verdict.newerRunning);
  const { run } = verdict;
  const stand = state.stand;
  if (stand !== undefined) {
    const standRun = { createdAt: stand.createdAt, id: stand.runId, attempt: stand.attempt };
    if (compareRuns(run, standRun) <= 0) return withRunning(state, verdict.newerRunning);
  } else if (seenBefore(state, run)) {
    return { state: { ...state, stand: standOn(run), newerRunning: verdict.newerRunning } };
  }

  if (verdict.kind === 'green') {
    if (state.signal === 'red' && state.red) return closeEpisode(state, state.red, verdict);
    const next: EpisodeState = {
      ...state,
      signal: 'green',
      lastGreen: greenMark(run),
      stand: standOn(run),
      newerRunning: verdict.newerRunning,
    };
    return { state: next };
  }

  const red = state.signal === 'red' ? state.red : undefined;
  if (red === undefined) return openEpisode(state, verdict);
  const moved: RedEpisode = { ...red, headSha: run.headSha, runId: run.id, attempt: run.attempt };
  return {
    state: { ...state, red: moved, stand: standOn(run), newerRunning: verdict.newerRunning },
    event: { type: 'still-red', red: moved, run, newCommit: run.headSha !== red.headSha },
  };
}
