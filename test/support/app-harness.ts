// The use cases wired to their real adapters, talking to the fake Slack and fake GitHub servers:
// a real WebClient, a real Octokit, an embedded store in a temp dir and a clock the test moves.

import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RetryOptions, WebClient } from '@slack/web-api';
import { pino } from 'pino';
import { expect } from 'vitest';
import { type CheckDeps, type CheckResult, checkWatch } from '../../src/check-watch.js';
import { EMPTY_WATCH_DOC, type WatchDoc, watchDocKey } from '../../src/ci/watch-doc.js';
import type { WatchTarget } from '../../src/ci/watch-target.js';
import { watchKey } from '../../src/core/domain/types.js';
import type { Clock, FixForge, Store } from '../../src/core/ports.js';
import { type RerunDeps, type RerunOutcome, requestRerun } from '../../src/diagnosis/request-rerun.js';
import type { DecisionRule } from '../../src/escalation/domain/decision-rule.js';
import type { EscalationPolicy } from '../../src/escalation/domain/escalation-policy.js';
import type { OnCall } from '../../src/escalation/domain/oncall.js';
import { fireDueSteps } from '../../src/escalation/fire-due-steps.js';
import { pageSender } from '../../src/escalation/index.js';
import { type AckOutcome, acknowledgeIncident } from '../../src/incidents/acknowledge-incident.js';
import { createOctokit } from '../../src/platform/github/create-octokit.js';
import { createGitHubCi } from '../../src/platform/github/github-ci.js';
import { createGitHubFixes } from '../../src/platform/github/github-fixes.js';
import { createJobLogs } from '../../src/platform/github/job-logs.js';
import { createSlackChat } from '../../src/platform/slack/slack-chat.js';
import { createSlackIncidentChannels } from '../../src/platform/slack/slack-incident-channels.js';
import { slackLogger } from '../../src/platform/slack/slack-logger.js';
import { slackPresenter } from '../../src/platform/slack/slack-presenter.js';
import { createStore } from '../../src/platform/store/create-store.js';
import { createSettings } from '../../src/settings/settings.js';
import { type FakeGitHub, type GitUser, type JobSpec, startFakeGitHub } from './fake-github.js';
import { type FakeSlack, type SlackMessage, startFakeSlack } from './fake-slack.js';
import { ALICE, CHANNEL, REPO } from './scenario.js';
import { swappableStore } from './swappable-store.js';

export const WORKFLOW = 'ci.yml';
export const BRANCH = 'main';
const SELF_HEAL_ON = { enabled: true, originate: false, maxPerCycle: 1, maxOpenTasks: 3 };
/** Monday 2 June 2025, 09:00 UTC: where every test's clock starts. */
export const START = Date.parse('2025-06-02T09:00:00Z');

/** Every Web API method the use cases may call; anything else fails the test. */
const SLACK_METHODS = [
  'chat.postMessage',
  'chat.update',
  'chat.postEphemeral',
  'chat.getPermalink',
  'conversations.history',
  'conversations.replies',
  'conversations.open',
  'users.lookupByEmail',
  'usergroups.users.list',
];
/** The methods of a repo's own incident channels, allowed only with `incidentChannels`. */
const CHANNEL_METHODS = ['conversations.create', 'conversations.invite', 'conversations.archive', 'pins.add'];
/** Every GitHub route the use cases may call; anything else fails the test. */
const GITHUB_ROUTES = [
  'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs',
  'GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs',
  'GET /repos/{owner}/{repo}/compare/{basehead+}',
  'GET /repos/{owner}/{repo}/commits/{ref+}',
  'POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs',
  // Fix tasks with a pull request (FixForge).
  'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls',
  'GET /repos/{owner}/{repo}/commits',
  'POST /graphql',
  'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
  'POST /repos/{owner}/{repo}/issues',
  'GET /repos/{owner}/{repo}/pulls',
  'POST /repos/{owner}/{repo}/pulls',
  'GET /repos/{owner}/{repo}/pulls/{pull_number}',
  'GET /repos/{owner}/{repo}/actions/runs',
  'PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge',
  // Who Overseer is on GitHub, to know its own pull requests.
  'GET /user',
];

/** The job-log routes, allowed when the harness reads logs. */
const LOG_ROUTES = [
  'GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs',
  'GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations',
];

export interface TestClock extends Clock {
  advance(ms: number): void;
}

export interface HarnessOptions {
  /** The watch's GitHub login -> Slack user ID map. */
  readonly users?: Readonly<Record<string, string>>;
  /** WebClient retries; none by default so that a Slack failure surfaces at once. */
  readonly slackRetries?: RetryOptions;
  readonly rerunBy?: RerunDeps['rerunBy'];
  readonly approvers?: readonly string[];
  /** Keep state in this Redis (a database of the test's own) instead of an embedded store. */
  readonly redisUrl?: string;
  /** The outbox lease's length; short in tests of a slow Slack. */
  readonly outboxLeaseMs?: number;
  /** The escalation policy frozen into new incidents; absent, none is escalated. */
  readonly policy?: EscalationPolicy;
  /** Who is on call for escalation steps. */
  readonly oncall?: OnCall;
  /** The configured decision rules (overseer.yml `rules`); absent, the defaults decide. */
  readonly rules?: readonly DecisionRule[];
  /** The repo's `incidentChannels`: a channel per incident (and its Web API methods allowed). */
  readonly incidentChannels?: boolean;
  /** Read failing jobs' logs (and annotations) from the fake GitHub. */
  readonly logs?: boolean;
  /** The watch's `flakeRetry`; the pause is then read from the store before a re-run. */
  readonly flakeRetry?: WatchTarget['flakeRetry'];
  /** Admins DMed once per cause of a delivery Slack refused for good. */
  readonly admins?: readonly string[];
  /** Where deliveries set aside are counted. */
  readonly telemetry?: CheckDeps['telemetry'];
  /** Message ts follow the test clock (as Slack's follow the time of posting), for history reads. */
  readonly slackFollowsClock?: boolean;
}

/** A second process's view: its own store connection and Slack and GitHub clients. */
/** The use cases' dependencies, with GitHub as fix tasks use it always present. */
export type HarnessDeps = CheckDeps & { readonly forge: FixForge };

export interface Replica {
  readonly deps: HarnessDeps;
  check(): Promise<CheckResult>;
  acknowledge(incidentId: string, userId: string): Promise<AckOutcome>;
  /** One escalation tick: fires the due steps (answers how many). */
  fireDue(): Promise<number>;
  close(): Promise<void>;
}

export interface AppHarness {
  readonly slack: FakeSlack;
  readonly github: FakeGitHub;
  readonly store: Store;
  readonly clock: TestClock;
  readonly deps: HarnessDeps;
  readonly target: WatchTarget;
  check(): Promise<CheckResult>;
  acknowledge(incidentId: string, userId: string): Promise<AckOutcome>;
  rerun(incidentId: string, userId: string): Promise<RerunOutcome>;
  /** One escalation tick, as the bot runs every second: fires the due steps (answers how many). */
  fireDue(): Promise<number>;
  /**
   * A new commit on main with a completed ci.yml run of the given conclusion; a red run has a
   * passing `lint` job and a `unit tests` job that failed at step `Run npm test`.
   */
  push(message: string, conclusion: string, author?: GitUser): { sha: string; runId: number };
  /** The watch document and its store version (0 when there is none yet). */
  doc(): Promise<{ value: WatchDoc; version: number }>;
  /** Top-level messages in the incident channel, as they are now. */
  messages(): SlackMessage[];
  /** Replies (without the parent) in the thread of a top-level message. */
  replies(root: SlackMessage | undefined): SlackMessage[];
  /** How many top-level `chat.postMessage` calls Slack accepted. */
  topLevelPosts(): number;
  /** Top-level posts of incident messages (tagged with their incident), not digests or others. */
  incidentPosts(): number;
  /** Another replica on the same Redis (needs `redisUrl`) and the same fake Slack and GitHub. */
  replica(): Promise<Replica>;
  /**
   * The process dies and another starts on the same data dir (embedded store only): the store is
   * opened again, and the harness's store, deps and doc() read it from then on. Work the dead
   * process left hanging must not touch the store after this.
   */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** The jobs of a red run: lint passes, the unit tests fail at `npm test`. */
export function redJobs(conclusion: string): JobSpec[] {
  return [
    { name: 'lint', conclusion: 'success', steps: [{ name: 'Run lint', conclusion: 'success' }] },
    {
      name: 'unit tests',
      conclusion,
      steps: [
        { name: 'Checkout', conclusion: 'success' },
        { name: 'Run npm test', conclusion },
      ],
    },
  ];
}

/**
 * With SLACK_LOOK_DIR=dir, writes the test's Slack posts and updates (in order) to
 * `dir/<test name>.json`, the input of ../shared/tools/slack-look: to look at what a test made.
 */
function dumpForSlackLook(slack: FakeSlack): void {
  const dir = process.env.SLACK_LOOK_DIR;
  if (!dir) return;
  const sent = slack.calls
    .filter((c) => c.ok && (c.method === 'chat.postMessage' || c.method === 'chat.update'))
    .map((c) => c.params);
  const name = (expect.getState().currentTestName ?? 'test').slice(0, 60).replace(/[^a-z0-9]+/gi, '-');
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(sent, null, 2));
}

/** A green then a red push, each checked: the incident is open and posted; answers its ID. */
export async function openIncident(h: AppHarness): Promise<string> {
  h.push('Add widgets', 'success');
  await h.check();
  h.push('Break the widget parser', 'failure');
  const result = await h.check();
  expect(result.event).toBe('regression');
  return result.incidentId ?? '';
}

export async function startAppHarness(options: HarnessOptions = {}): Promise<AppHarness> {
  let now = START;
  const clock: TestClock = {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
  };
  const log = pino({ level: 'silent' });
  const slack = await startFakeSlack({
    tsBase: Math.floor(START / 1000),
    ...(options.slackFollowsClock ? { now: clock.now } : {}),
  });
  const github = await startFakeGitHub({ now: clock.now });
  slack.addChannel(CHANNEL);
  slack.expectOnly(options.incidentChannels ? [...SLACK_METHODS, ...CHANNEL_METHODS] : SLACK_METHODS);
  github.addRepo(REPO, { defaultBranch: BRANCH });
  github.expectOnly(options.logs ? [...GITHUB_ROUTES, ...LOG_ROUTES] : GITHUB_ROUTES);
  const dataDir = await mkdtemp(join(tmpdir(), 'overseer-app-'));
  const openStore = () =>
    createStore(
      options.redisUrl ? { kind: 'redis', url: options.redisUrl } : { kind: 'embedded', dataDir },
      log,
    );
  const swappable = swappableStore(await openStore());
  const { store } = swappable;

  const depsOn = (on: Store): HarnessDeps => {
    const client = new WebClient('xoxb-test', {
      slackApiUrl: slack.url,
      logger: slackLogger(log),
      retryConfig: options.slackRetries ?? { retries: 0 },
    });
    const { octokit } = createOctokit({
      baseUrl: github.url,
      auth: { kind: 'token', token: 'ghp_test' },
      log,
      retries: 0,
    });
    return {
      store: on,
      ci: createGitHubCi(octokit),
      ...(options.logs ? { jobLogs: createJobLogs(octokit) } : {}),
      ...(options.flakeRetry === undefined
        ? {}
        : { settings: createSettings({ store: on, clock, log, defaults: SELF_HEAL_ON }) }),
      forge: createGitHubFixes(octokit),
      approvers: options.approvers ?? [],
      chat: createSlackChat(client),
      // Wired always, as the bot does: only a repo with incidentChannels makes it call Slack.
      channels: createSlackIncidentChannels(client),
      presenter: slackPresenter,
      pages: pageSender,
      clock,
      log,
      ...(options.outboxLeaseMs === undefined ? {} : { outboxLeaseMs: options.outboxLeaseMs }),
      ...(options.oncall === undefined ? {} : { oncall: options.oncall }),
      ...(options.admins === undefined ? {} : { admins: options.admins }),
      ...(options.telemetry === undefined ? {} : { telemetry: options.telemetry }),
    };
  };
  const deps = depsOn(store);
  const target: WatchTarget = {
    watch: { repo: REPO, workflow: WORKFLOW, branch: BRANCH },
    channel: CHANNEL,
    users: options.users ?? {},
    ...(options.policy === undefined ? {} : { policy: options.policy }),
    ...(options.rules === undefined ? {} : { rules: options.rules }),
    ...(options.incidentChannels ? { incidentChannels: true } : {}),
    ...(options.flakeRetry === undefined ? {} : { flakeRetry: options.flakeRetry }),
  };
  const findTarget = async (key: string) => (key === watchKey(target.watch) ? target : undefined);
  const rerunDeps: RerunDeps = {
    ...deps,
    findTarget,
    rerunBy: options.rerunBy ?? 'anyone',
    approvers: options.approvers ?? [],
  };

  return {
    slack,
    github,
    store,
    clock,
    deps,
    target,
    check: () => checkWatch(deps, target),
    acknowledge: (incidentId, userId) => acknowledgeIncident({ ...deps, findTarget }, incidentId, userId),
    rerun: (incidentId, userId) => requestRerun(rerunDeps, incidentId, userId),
    fireDue: () => fireDueSteps({ ...deps, findTarget }),
    push(message, conclusion, author = ALICE) {
      const sha = github.addCommit(REPO, { message, author });
      const red = conclusion === 'failure' || conclusion === 'timed_out';
      const runId = github.addRun(REPO, {
        workflow: WORKFLOW,
        branch: BRANCH,
        headSha: sha,
        conclusion,
        ...(red ? { jobs: redJobs(conclusion) } : {}),
      });
      return { sha, runId };
    },
    async doc() {
      const stored = await store.get<WatchDoc>(watchDocKey(target.watch));
      return stored ?? { value: EMPTY_WATCH_DOC, version: 0 };
    },
    messages: () => slack.messages(CHANNEL),
    replies: (root) => (root === undefined ? [] : slack.thread(CHANNEL, root.ts).slice(1)),
    topLevelPosts: () =>
      slack.callsTo('chat.postMessage').filter((call) => call.ok && call.params.thread_ts === undefined)
        .length,
    incidentPosts: () =>
      slack
        .callsTo('chat.postMessage')
        .filter(
          (call) =>
            call.ok &&
            call.params.thread_ts === undefined &&
            (call.params.metadata as { event_type?: string } | undefined)?.event_type !== undefined,
        ).length,
    async replica() {
      if (!options.redisUrl) throw new Error('replica() needs the harness on Redis (redisUrl)');
      const own = await openStore();
      const theirs = depsOn(own);
      return {
        deps: theirs,
        check: () => checkWatch(theirs, target),
        acknowledge: (incidentId, userId) =>
          acknowledgeIncident({ ...theirs, findTarget }, incidentId, userId),
        fireDue: () => fireDueSteps({ ...theirs, findTarget }),
        close: () => own.close(),
      };
    },
    async restart() {
      if (options.redisUrl) throw new Error('restart() is for the embedded store; use replica() on Redis');
      // The dead process holds nothing: its data-dir lock goes with it, as close() releases it.
      await store.close();
      swappable.swap(await openStore());
    },
    async close() {
      dumpForSlackLook(slack);
      try {
        slack.assertNoUnexpected();
        github.assertNoUnexpected();
      } finally {
        await store.close();
        await Promise.all([slack.close(), github.close()]);
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}
