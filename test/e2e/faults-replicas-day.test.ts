import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PACING_KEY } from '../../src/platform/github/share-pacing.js';
import { createRedisStore } from '../../src/platform/store/redis-store.js';
import { configEnv } from '../support/config-file.js';
import { deliverWorkflowRun } from '../support/deliver-webhook.js';
import { type OwnRedis, startOwnRedis } from '../support/own-redis.js';
import { perTestWorld, visibleText } from '../support/scenario.js';
import { postSignedInteraction } from '../support/sign.js';
import { buttonClickPayload, findButton } from '../support/slack-payloads.js';
import { type Bot, startBot } from '../support/start-bot.js';

/**
 * A day of CI for three bot processes on one Redis (a redis-server of the test's own): 50 red
 * episodes across 20 repos, signalled by signed webhooks sent to any of the three, each followed to
 * green; approvals clicked on all three at once; an escalation step due while one restarts; one
 * killed (SIGKILL) and replaced. Asserted on the fakes' recorded calls: one message per episode,
 * one delivery per escalation step, one re-run per approval.
 */
const REPOS = 20;
const EPISODES = 50;
const WAVES = [20, 20, 10];
const ONCALL = 'U0OLIVE';
const LEAD = 'U0LEAD';
const APPROVE = 'overseer_task_approve';
const SIGNING_SECRET = 'signing-secret-for-tests';
/**
 * How long Slack work may take to show when a process stopped or was killed in the middle of it:
 * its outbox lease runs out up to a minute after its last renewal (a stopped process is killed 8 s
 * after SIGTERM), the owed drain tries every 10 s, and the bots share 2 loaded cores. Far below the
 * 15-minute polling floor, the only way out before owed drains.
 */
const SETTLES_MS = 150_000;

const repoName = (i: number) => `acme/service-${String(i + 1).padStart(2, '0')}`;
const channelOf = (i: number) => `C0SVC${String(i + 1).padStart(2, '0')}`;

function configLines(): string[] {
  const lines = [
    'oncall:',
    `  users: [${ONCALL}]`,
    'escalation:',
    '  - after: 0s',
    '    notify: channel',
    '  - after: 4s',
    '    mention: oncall',
    'repos:',
  ];
  for (let i = 0; i < REPOS; i += 1)
    lines.push(
      `  - repo: ${repoName(i)}`,
      '    workflow: ci.yml',
      `    channel: ${channelOf(i)}`,
      '    fix:',
      '      strategy: rerun',
    );
  return lines;
}

describe('three processes on one Redis through a scripted day of CI', () => {
  const t = perTestWorld();
  let redis: OwnRedis;
  const running: Bot[] = [];
  /** A bot process, stopped after the test; a slow start on a loaded machine is given 30 s. */
  const started = async (env: Record<string, string>) => {
    const bot = await startBot(env, 30_000);
    running.push(bot);
    return bot;
  };
  beforeEach(async () => {
    redis = await startOwnRedis();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((bot) => bot.stop()));
    await redis.close();
  });

  it('one message per episode, one mention per step, one re-run per approval', async () => {
    const { slack, github } = t.world;
    slack.addUser({ id: ONCALL, name: 'olive', email: 'olive@acme.test' });
    for (let i = 0; i < REPOS; i += 1) {
      github.addRepo(repoName(i), { defaultBranch: 'main' });
      slack.addChannel(channelOf(i));
    }
    let commits = 0;
    const push = (i: number, conclusion: 'success' | 'failure') => {
      commits += 1;
      const repo = repoName(i);
      const sha = github.addCommit(repo, {
        message: `Change ${commits}`,
        author: { name: 'Alice Doe', email: 'alice@acme.test', login: 'alice' },
      });
      const step = `Run suite ${i + 1}`;
      const runId = github.addRun(repo, {
        workflow: 'ci.yml',
        branch: 'main',
        headSha: sha,
        conclusion,
        jobs: [{ name: `tests ${i + 1}`, conclusion, steps: [{ name: step, conclusion }] }],
      });
      return { repo, sha, runId, conclusion };
    };
    for (let i = 0; i < REPOS; i += 1) push(i, 'success');

    const env = configEnv(t.world, configLines(), {
      REDIS_URL: redis.url,
      OVERSEER_ORIGINATE_ENABLED: 'true',
      OVERSEER_APPROVERS: LEAD,
      // A task for every incident of a wave, not the default 3 at a time, 1 a cycle.
      OVERSEER_MAX_OPEN_TASKS: '20',
      OVERSEER_MAX_PER_CYCLE: '20',
      OVERSEER_SCHEDULE: '*/3 * * * * *',
    });
    // One after the other: three at once on a loaded machine may take longer than a start should.
    const bots: Bot[] = [];
    for (let n = 0; n < 3; n += 1) bots.push(await started(env));
    const anyBot = () => bots[Math.floor(Math.random() * bots.length)] as Bot;
    let deliveries = 0;
    const webhook = async (run: ReturnType<typeof push>) => {
      deliveries += 1;
      // A bot being replaced refuses the connection: GitHub does not retry, the cron poll catches up.
      await deliverWorkflowRun(anyBot(), run, `day-${deliveries}`).catch(() => undefined);
    };

    const roots = (i: number) =>
      slack
        .callsTo('chat.postMessage')
        .filter((c) => c.ok && c.params.channel === channelOf(i) && c.params.thread_ts === undefined);
    const thread = (i: number, ts: string) => slack.thread(channelOf(i), ts).slice(1);
    const mentionsOf = (i: number, ts: string) =>
      thread(i, ts).filter((m) => m.text.includes(`<@${ONCALL}>`));
    const expected = new Map<number, number>(); // repo -> episodes so far
    let clicks = 0;
    const approved: number[] = [];

    let episode = 0;
    for (const [wave, size] of WAVES.entries()) {
      const repos = Array.from({ length: size }, (_, k) => (episode + k) % REPOS);
      episode += size;
      const reds = repos.map((i) => push(i, 'failure'));
      for (const i of repos) expected.set(i, (expected.get(i) ?? 0) + 1);
      await Promise.all(reds.map((run) => webhook(run)));

      if (wave === 1) {
        // One process killed mid-wave and replaced by a new one.
        const victim = bots.splice(2, 1)[0] as Bot;
        await victim.stop('SIGKILL');
        bots.push(await started(env));
      }
      // Every episode of the wave posted: its newest message in its repo's channel.
      const latest = (i: number) => slack.messages(channelOf(i)).at(-1);
      await slack.waitFor(() => repos.every((i) => roots(i).length >= (expected.get(i) ?? 0)), SETTLES_MS);
      if (wave === 0) {
        // Restarted while the mentions come due (4 s after each incident opened).
        const restarting = bots.splice(1, 1)[0] as Bot;
        await restarting.stop();
        bots.push(await started(env));
      }
      await slack.waitFor(
        () => repos.every((i) => mentionsOf(i, latest(i)?.ts ?? '').length > 0),
        SETTLES_MS,
      );

      if (wave === 0) {
        // Approve & Start on five incidents, each clicked on all three processes at once.
        for (const i of repos.slice(0, 5)) {
          const root = latest(i);
          const task = await slack.waitFor(
            () => thread(i, root?.ts ?? '').find((m) => findButton(m.blocks, APPROVE)),
            SETTLES_MS,
          );
          approved.push(i);
          await Promise.all(
            bots.map(async (bot) => {
              clicks += 1;
              const payload = buttonClickPayload({
                message: task,
                actionId: APPROVE,
                label: 'Approve & Start',
                user: LEAD,
                responseUrl: slack.responseUrl(),
                triggerId: `trigger-${clicks}`,
              });
              const inChannel = {
                ...payload,
                container: { ...payload.container, channel_id: channelOf(i) },
                channel: { id: channelOf(i), name: `svc-${i + 1}` },
              };
              expect((await postSignedInteraction(bot.url, SIGNING_SECRET, inChannel)).status).toBe(200);
            }),
          );
        }
        await github.waitFor((g) => g.rerunRequests.length >= approved.length, 30_000);
      }

      const greens = repos.map((i) => push(i, 'success'));
      await Promise.all(greens.map((run) => webhook(run)));
      await slack.waitFor(
        () => repos.every((i) => /recovered/i.test(visibleText(slack.messages(channelOf(i)).at(-1)))),
        SETTLES_MS,
      );
    }
    expect(episode).toBe(EPISODES);

    // Six more cycles, two rounds of three processes: anything owed twice would have gone out by
    // now. Counted from each process's /metrics and summed: each cron slot runs on the one process
    // that claims it in the shared store (node-cron's run coordinator), so which process runs a
    // slot is a race, and one process may win none for a while. The polling planner polls only
    // the watches that are due, so run-list requests do not tell how many cycles ran either.
    const cyclesOf = async (bot: Bot) => {
      const text = await fetch(`${bot.url}/metrics`).then((r) => r.text());
      let total = 0;
      for (const match of text.matchAll(/^overseer_cycles_total\{[^}]*\} (\d+)$/gm))
        total += Number(match[1]);
      return total;
    };
    const cyclesOfAll = async () => (await Promise.all(bots.map(cyclesOf))).reduce((a, b) => a + b, 0);
    const before = await cyclesOfAll();
    const deadline = Date.now() + 60_000;
    for (;;) {
      const now = await cyclesOfAll();
      if (now >= before + 2 * bots.length) break;
      if (Date.now() > deadline)
        throw new Error(`cycles did not run ${2 * bots.length} more times: ${before} → ${now}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    for (let i = 0; i < REPOS; i += 1) {
      const messages = slack.messages(channelOf(i));
      expect(roots(i), `root posts in ${channelOf(i)}`).toHaveLength(expected.get(i) ?? 0);
      expect(messages, `messages in ${channelOf(i)}`).toHaveLength(expected.get(i) ?? 0);
      for (const message of messages)
        expect(mentionsOf(i, message.ts), `mentions under ${message.ts} in ${channelOf(i)}`).toHaveLength(1);
    }
    const rerunRuns = github.rerunRequests.map((r) => JSON.stringify(r));
    expect(new Set(rerunRuns).size).toBe(rerunRuns.length);
    expect(github.rerunRequests).toHaveLength(approved.length);
    slack.assertNoUnexpected();

    // GitHub's secondary limit is the token's: every live process says what it spent of it, every
    // 5 s, in one document (platform/github/share-pacing.ts); the one killed mid-day may linger
    // for up to 30 s.
    const shared = await createRedisStore({ url: redis.url });
    try {
      const pacing = await shared.get<{ replicas: Record<string, { points: number; at: number }> }>(
        PACING_KEY,
      );
      const said = Object.values(pacing?.value.replicas ?? {});
      expect(said.length).toBeGreaterThanOrEqual(bots.length);
      expect(said.length).toBeLessThanOrEqual(bots.length + 1);
      expect(said.reduce((sum, replica) => sum + replica.points, 0)).toBeGreaterThan(0);
    } finally {
      await shared.close();
    }
  }, 1_200_000);
});
