import type { WatchTargetSource } from '../ci/index.js';
import { isAllowed } from '../core/authorize.js';
import type { Health } from '../core/health.js';
import type { Chat, Clock, Log, Settings, Store } from '../core/ports.js';
import { type OnCall, onCallAt } from '../escalation/domain/oncall.js';
import type { SelfHealFlags } from '../settings/domain/settings-doc.js';
import { describeEpisodes } from './describe-episodes.js';
import { describeFlags } from './describe-flags.js';
import { describeHistory, type HistoryQuery } from './describe-history.js';
import { describeStatus } from './describe-status.js';
import { describeWorkingOn, type WorkQuery } from './describe-working-on.js';
import { explainRed, type WhereAsked } from './explain-red.js';

export interface TalkDeps {
  readonly store: Store;
  readonly chat: Chat;
  readonly clock: Clock;
  readonly log: Log;
  readonly health: Health;
  readonly settings: Settings;
  readonly sources: readonly WatchTargetSource[];
  /** The configured opt-ins, shown beside the flags in force. */
  readonly defaults: SelfHealFlags;
  readonly admins: readonly string[];
  readonly oncall: OnCall;
}

/**
 * Talking wired: the answers people ask for (`/overseer status`, `flags`, `incidents`,
 * `history`, `working-on`, `oncall`, why it is red, the Home tab), each read afresh from the store, and who
 * may change things from the Home tab.
 */
export function createTalk(deps: TalkDeps) {
  const { store, clock, log } = deps;
  return {
    status: (scope?: { readonly channel?: string }) =>
      describeStatus({ ...deps, sources: () => deps.sources }, scope),
    flags: () => describeFlags(deps),
    episodes: (repo?: string) => describeEpisodes({ store, clock, log }, repo),
    history: (query: HistoryQuery) => describeHistory({ store, clock, log }, query),
    workingOn: (query: WorkQuery) => describeWorkingOn({ store, clock, log }, query),
    why: (where: WhereAsked) => explainRed({ store }, where),
    isAdmin: (user: string) => isAllowed(deps.chat, deps.admins, user),
    oncall: () => onCallAt(deps.oncall, clock.now()),
  };
}
