// Composition: what each Slack listener calls, from the capabilities as they wired themselves.
import type { WebClient } from '@slack/web-api';
import type { CheckDeps } from './check-watch.js';
import type { WatchTargetSource } from './ci/run-cycle.js';
import { eachAtMost } from './core/each-at-most.js';
import { requestRerun } from './diagnosis/request-rerun.js';
import type { createIncidents } from './incidents/create-incidents.js';
import type { SlackListenerDeps } from './platform/slack/register-slack-listeners.js';
import { HOME_REFRESH_MS, refreshHomeViews } from './platform/slack/talk/home-refresh.js';
import type { Config } from './settings/config.js';
import type { createSettingChanges } from './settings/create-setting-changes.js';
import type { Job } from './start-overseer.js';
import type { createStorms } from './storms/index.js';
import type { createTalk } from './talk/create-talk.js';

/** How many watches `/overseer check` checks at once. */
const MANUAL_CHECK_CONCURRENCY = 3;

export interface HandlerParts {
  readonly config: Config;
  readonly checkDeps: CheckDeps;
  readonly talk: ReturnType<typeof createTalk>;
  readonly incidents: ReturnType<typeof createIncidents>;
  readonly storms: ReturnType<typeof createStorms>;
  readonly changes: ReturnType<typeof createSettingChanges>;
  readonly sources: readonly WatchTargetSource[];
  readonly checks: { readonly check: (source: WatchTargetSource) => Promise<boolean> };
  readonly decisions: Pick<SlackListenerDeps, 'approveTask' | 'dismissTask' | 'approveMerge'>;
  readonly report?: SlackListenerDeps['report'];
  /** Keeps work a request leaves behind (its done mark) until it settles, for a graceful stop. */
  readonly track: (work: Promise<unknown>) => void;
}

/** Every Slack listener's use cases, wired. */
export function slackHandlers(parts: HandlerParts) {
  const { config, checkDeps, sources, changes } = parts;
  const { store, chat, clock, log } = checkDeps;
  return {
    chat,
    log,
    store,
    // The embedded store is one process's (its data dir is locked): claims need no durable write.
    deliveryClaims: config.store.kind === 'embedded' ? ('in-process' as const) : ('store' as const),
    track: parts.track,
    ...parts.talk,
    // A storm's Acknowledge (the lead's) takes every watch of the storm still red.
    acknowledge: parts.storms.acknowledging(parts.incidents.acknowledge),
    split: parts.storms.split,
    threadIncident: parts.incidents.threadIncident,
    recordReply: parts.incidents.recordReply,
    rerun: (id, user) =>
      requestRerun(
        {
          ...checkDeps,
          findTarget: parts.incidents.findTarget,
          rerunBy: config.rerunBy,
          approvers: config.approvers,
        },
        id,
        user,
      ),
    ...parts.decisions,
    changePause: changes.changePause,
    changeFlag: changes.changeFlag,
    now: () => clock.now(),
    dormant: !config.selfHeal.enabled,
    ...(parts.report === undefined ? {} : { report: parts.report }),
    check: async (repo) => {
      const picked = sources.filter(
        (source) => repo === undefined || source.repo.toLowerCase() === repo.toLowerCase(),
      );
      // A few at a time: `/overseer check` of many watches must not burst GitHub.
      await eachAtMost(picked, MANUAL_CHECK_CONCURRENCY, parts.checks.check);
      return picked.length;
    },
  } satisfies SlackListenerDeps;
}

/** The Home tab republished to its recent viewers when what it shows changes (talk/refresh-home.ts). */
export function homeRefreshJob(handlers: ReturnType<typeof slackHandlers>, client: WebClient): Job {
  const { store, log, now, status, flags, episodes, isAdmin } = handlers;
  return {
    name: 'home-refresh',
    everyMs: HOME_REFRESH_MS,
    run: () => refreshHomeViews({ client, store, log, now, status, flags, episodes, isAdmin }),
  };
}
