import { afterEach, beforeEach } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from './fake-github.js';
import { type FakeSlack, type FakeSlackOptions, type SlackMessage, startFakeSlack } from './fake-slack.js';
import { type Bot, startBot } from './start-bot.js';

export const REPO = 'acme/widgets';
export const CHANNEL = 'C0INCIDENTS';
export const WEBHOOK_SECRET = 'webhook-secret-for-tests';
export const SIGNING_SECRET = 'signing-secret-for-tests';

export const ALICE = { name: 'Alice Doe', email: 'alice@acme.test', login: 'alice' };
export const BOB = { name: 'Bob Roe', email: 'bob@acme.test', login: 'bob' };

export interface World {
  readonly slack: FakeSlack;
  readonly github: FakeGitHub;
  /** The bot's environment pointing at the fakes (HTTP mode, one watched repo). */
  env(overrides?: Record<string, string>): Record<string, string>;
  /** A commit on main with a completed run of ci.yml; returns the commit's SHA and the run id. */
  push(
    message: string,
    conclusion: string,
    author?: typeof ALICE,
    jobs?: JobFailure[],
  ): { sha: string; runId: number };
  close(): Promise<void>;
}

export interface JobFailure {
  readonly name: string;
  readonly step: string;
}

export async function startWorld(slackOptions: FakeSlackOptions = {}): Promise<World> {
  const slack = await startFakeSlack(slackOptions);
  const github = await startFakeGitHub();
  slack.addChannel(CHANNEL);
  slack.addUser({ id: 'U0ALICE', name: 'alice', email: ALICE.email });
  github.addRepo(REPO, { defaultBranch: 'main' });
  return {
    slack,
    github,
    env: (overrides = {}) => ({
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.url,
      GITHUB_TOKEN: 'ghp_testtoken',
      GITHUB_API_URL: github.url,
      GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET,
      OVERSEER_REPO: REPO,
      OVERSEER_CHANNEL: CHANNEL,
      OVERSEER_SELF_HEAL_ENABLED: 'true',
      OVERSEER_SCHEDULE: '*/2 * * * * *',
      ...overrides,
    }),
    push(message, conclusion, author = ALICE, jobs = [{ name: 'unit tests', step: 'Run npm test' }]) {
      const sha = github.addCommit(REPO, { message, author });
      const red = conclusion !== 'success';
      const runId = github.addRun(REPO, {
        workflow: 'ci.yml',
        branch: 'main',
        headSha: sha,
        conclusion,
        jobs: red
          ? [
              { name: 'lint', conclusion: 'success', steps: [{ name: 'Run lint', conclusion: 'success' }] },
              ...jobs.map((job) => ({
                name: job.name,
                conclusion,
                steps: [
                  { name: 'Checkout', conclusion: 'success' },
                  { name: job.step, conclusion },
                ],
              })),
            ]
          : [
              {
                name: 'unit tests',
                conclusion: 'success',
                steps: [{ name: 'Run npm test', conclusion: 'success' }],
              },
            ],
      });
      return { sha, runId };
    },
    async close() {
      await Promise.all([slack.close(), github.close()]);
    },
  };
}

/** Everything a person reads in a message: its fallback text and every text in its blocks. */
export function visibleText(message: SlackMessage | undefined): string {
  if (message === undefined) return '';
  const texts: string[] = [message.text];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') texts.push(value);
        else walk(value);
      }
    }
  };
  walk(message.blocks ?? []);
  return texts.join('\n');
}

/**
 * The fix task's message: a reply in the thread of the channel's first incident message (the
 * incident message itself mentions its task too, so the thread's root is passed over).
 */
export function fixTaskReply(slack: FakeSlack, channel = CHANNEL): SlackMessage | undefined {
  const root = slack.messages(channel)[0];
  if (root === undefined) return undefined;
  return slack
    .thread(channel, root.ts)
    .filter((message) => message.ts !== root.ts)
    .find((message) => /Fix task/.test(visibleText(message)));
}

/** The world's environment in Socket Mode: an app-level token instead of a signing secret. */
export function socketModeEnv(world: World, appToken: string): Record<string, string> {
  const { SLACK_SIGNING_SECRET: _secret, ...env } = world.env({ SLACK_APP_TOKEN: appToken });
  return env;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the bot has read `repo`'s workflow runs `n` more times than now: its looks at the
 * watch. A watch's looks run one at a time, so once the n-th has begun (n ≥ 2) the one before it
 * has finished, and whatever it owed Slack is delivered: an event to wait on, not a guess at how
 * long a look takes on a loaded machine. `timeoutMs` is a hang guard.
 */
export async function looks(github: FakeGitHub, n: number, repo = REPO, timeoutMs = 30_000): Promise<void> {
  const reads = () =>
    github.requests.filter((r) => r.path.startsWith(`/repos/${repo}/`) && r.path.endsWith('/runs')).length;
  const seen = reads();
  await github.waitFor(() => reads() >= seen + n, timeoutMs);
}

export interface PerTestWorld {
  /** This test's world. */
  readonly world: World;
  /** Starts the built bot; it is stopped after the test. */
  bot(env: Record<string, string>): Promise<Bot>;
}

/** Gives every test of a file a fresh world, and stops the bots it started once it ends. */
export function perTestWorld(slackOptions: FakeSlackOptions = {}): PerTestWorld {
  let current: World | undefined;
  const bots: Bot[] = [];
  beforeEach(async () => {
    current = await startWorld(slackOptions);
  });
  afterEach(async () => {
    await Promise.all(bots.splice(0).map((bot) => bot.stop()));
    await current?.close();
    current = undefined;
  });
  return {
    get world() {
      if (current === undefined) throw new Error('the world exists only while a test runs');
      return current;
    },
    async bot(env) {
      const bot = await startBot(env);
      bots.push(bot);
      return bot;
    },
  };
}
