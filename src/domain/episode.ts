import type { Verdict } from './ci-signal.js';
import type { RunInfo } from './types.js';

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

/** What the episode machine remembers of one watch between looks. */
export interface EpisodeState {
  readonly signal: 'unknown' | 'green' | 'red';
  readonly episode: number;
  readonly lastGreen?: GreenMark;
  readonly red?: RedEpisode;
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

function openEpisode(state: EpisodeState, run: RunInfo): EpisodeStep {
  const known = state.signal === 'green' && state.lastGreen !== undefined;
  const red: RedEpisode = {
    episode: state.episode + 1,
    firstSha: run.headSha,
    since: Date.parse(run.createdAt),
    sinceUnknown: !known,
    ...(known && state.lastGreen ? { lastGreenSha: state.lastGreen.sha } : {}),
    headSha: run.headSha,
    runId: run.id,
    attempt: run.attempt,
  };
  return {
    state: { ...state, signal: 'red', episode: red.episode, red },
    event: { type: 'regression', red, run },
  };
}

function closeEpisode(state: EpisodeState, red: RedEpisode, run: RunInfo): EpisodeStep {
  const mark = greenMark(run);
  const redForMs = Math.max(0, mark.at - red.since);
  const type = run.headSha === red.headSha ? 'flaky' : 'recovered';
  const { red: _closed, ...rest } = state;
  return { state: { ...rest, signal: 'green', lastGreen: mark }, event: { type, red, run, redForMs } };
}

/**
 * One look at a watch: the verdict moves the state, and at most one event says what changed.
 *
 * - no signal: nothing moves (an API error, a cancelled run or a run in progress proves nothing);
 * - green -> red (or unknown -> red): regression, opening episode n+1;
 * - red at a newer commit, or a new failed attempt of the same one: still red;
 * - red -> green at another commit: recovered; at the very commit that was red: flaky.
 */
export function stepEpisode(state: EpisodeState, verdict: Verdict): EpisodeStep {
  if (verdict.kind === 'no-signal') return { state };
  const { run } = verdict;

  if (verdict.kind === 'green') {
    if (state.signal === 'red' && state.red) return closeEpisode(state, state.red, run);
    if (state.lastGreen?.runId === run.id && state.lastGreen.sha === run.headSha) return { state };
    return { state: { ...state, signal: 'green', lastGreen: greenMark(run) } };
  }

  const red = state.signal === 'red' ? state.red : undefined;
  if (red === undefined) return openEpisode(state, run);
  if (red.runId === run.id && red.attempt === run.attempt) return { state };
  // An older run than the one the episode stands on says nothing new.
  if (red.headSha !== run.headSha && Date.parse(run.createdAt) < red.since) return { state };

  const moved: RedEpisode = { ...red, headSha: run.headSha, runId: run.id, attempt: run.attempt };
  return {
    state: { ...state, red: moved },
    event: { type: 'still-red', red: moved, run, newCommit: run.headSha !== red.headSha },
  };
}
