import type { Store } from '../core/ports.js';
import { buildReport, type ReportOutcome, type ReportWatch } from './build-report.js';

/** A configured watch and the channel its incidents go to. */
export interface ChannelWatch extends ReportWatch {
  readonly channel: string;
}

export interface ReportRequest {
  /** The channel asked from: its watches are reported on when no repo is named. */
  readonly channel: string;
  readonly repo?: string;
  readonly days: number;
}

export type ReportAnswer =
  | ReportOutcome
  | { readonly ok: false; readonly cause: 'no watch here' | 'repo not watched'; readonly repo?: string };

/** The report `/overseer report` asks for: the named repo's watches, or the channel's. */
export async function reportFor(
  deps: {
    readonly store: Store;
    readonly watches: () => readonly ChannelWatch[];
    readonly now: () => number;
  },
  request: ReportRequest,
): Promise<ReportAnswer> {
  const all = deps.watches();
  const { repo } = request;
  const picked =
    repo === undefined
      ? all.filter((watch) => watch.channel === request.channel)
      : all.filter((watch) => watch.repo.toLowerCase() === repo.toLowerCase());
  if (picked.length === 0) {
    return repo === undefined
      ? { ok: false, cause: 'no watch here' }
      : { ok: false, cause: 'repo not watched', repo };
  }
  const watches = picked.map(({ repo: name, workflow, branch }) => ({
    repo: name,
    workflow,
    ...(branch === undefined ? {} : { branch }),
  }));
  return buildReport(deps.store, watches, request.days, deps.now());
}
