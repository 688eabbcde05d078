// Composition: what each Slack listener calls, from the capabilities' use cases.
import type { WebClient } from '@slack/web-api';
import type { CheckDeps } from './check-watch.js';
import type { FindTarget } from './ci/incident-action.js';
import type { WatchTargetSource } from './ci/run-cycle.js';
import type { WatchTarget } from './ci/watch-target.js';
import { isAllowed } from './core/authorize.js';
import { eachAtMost } from './core/each-at-most.js';
import type { Health } from './core/health.js';
import type { Settings } from './core/ports.js';
import { requestRerun } from './diagnosis/request-rerun.js';
import { type OnCall, onCallAt } from './escalation/domain/oncall.js';
import { acknowledgeIncident } from './incidents/acknowledge-incident.js';
import { findThreadIncident } from './incidents/find-thread-incident.js';
import { recordThreadReply } from './incidents/record-thread-reply.js';
import type { SlackListenerDeps } from './platform/slack/register-slack-listeners.js';
import { HOME_REFRESH_MS, refreshHomeViews } from './platform/slack/talk/home-refresh.js';
import { changeFlag } from './settings/change-flag.js';
import { changePause } from './settings/change-pause.js';
import type { Config } from './settings/config.js';
import type { Job } from './start-overseer.js';
import { describeEpisodes } from './talk/describe-episodes.js';
import { describeFlags } from './talk/describe-flags.js';
import { describeStatus } from './talk/describe-status.js';
import { describeWorkingOn } from './talk/describe-working-on.js';
import { explainRed } from './talk/explain-red.js';

/** How many watches `/overseer check` checks at once. */
const MANUAL_CHECK_CONCURRENCY = 3;

export interface HandlerParts {
  readonly config: Config;
  readonly checkDeps: CheckDeps;
  readonly health: Health;
  readonly settings: Settings;
  readonly oncall: OnCall;
  readonly sources: readonly WatchTargetSource[];
  readonly findTarget: FindTarget;
  readonly targetsIn: (channel: string) => Promise<WatchTarget[]>;
  readonly check: (source: WatchTargetSource) => Promise<boolean>;
  readonly decisions: Pick<SlackListenerDeps, 'approveTask' | 'dismissTask' | 'approveMerge'>;
  readonly report?: SlackListenerDeps['report'];
}

/** Every Slack listener's use cases, wired. */
export function slackHandlers(parts: HandlerParts) {
  const { config, checkDeps, health, settings, sources, findTarget } = parts;
  const { store, chat, clock, log } = checkDeps;
  const status = (scope?: { readonly channel?: string }) =>
    describeStatus({ store, health, clock, settings, sources: () => sources }, scope);
  const flags = () => describeFlags({ store, clock, log, defaults: config.selfHeal });
  const episodes = (repo?: string) => describeEpisodes({ store, clock, log }, repo);
  const isAdmin = (user: string) => isAllowed(chat, config.admins, user);
  return {
    chat,
    log,
    store,
    status,
    why: (where) => explainRed({ store }, where),
    acknowledge: (id, user) => acknowledgeIncident({ ...checkDeps, findTarget }, id, user),
    rerun: (id, user) =>
      requestRerun(
        { ...checkDeps, findTarget, rerunBy: config.rerunBy, approvers: config.approvers },
        id,
        user,
      ),
    ...parts.decisions,
    changePause: (user, request) => changePause({ store, chat, clock, admins: config.admins }, user, request),
    workingOn: (query) => describeWorkingOn({ store, clock, log }, query),
    flags,
    changeFlag: (user, request) => changeFlag({ store, chat, clock, admins: config.admins }, user, request),
    episodes,
    isAdmin,
    oncall: () => onCallAt(parts.oncall, clock.now()),
    now: () => clock.now(),
    threadIncident: (channel, threadTs) =>
      findThreadIncident({ store, targetsIn: parts.targetsIn }, channel, threadTs),
    recordReply: (found, reply) => recordThreadReply({ store }, found.target, found.slot.incident.id, reply),
    dormant: !config.selfHeal.enabled,
    ...(parts.report === undefined ? {} : { report: parts.report }),
    check: async (repo) => {
      const picked = sources.filter(
        (source) => repo === undefined || source.repo.toLowerCase() === repo.toLowerCase(),
      );
      // A few at a time: `/overseer check` of many watches must not burst GitHub.
      await eachAtMost(picked, MANUAL_CHECK_CONCURRENCY, parts.check);
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
