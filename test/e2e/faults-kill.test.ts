import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { escalationLines, writeConfigFile } from '../support/config-file.js';
import type { SlackMessage } from '../support/fake-slack.js';
import { fixTaskClicks, revertEnv } from '../support/fix-task-e2e.js';
import { CHANNEL, fixTaskReply, perTestWorld, sleep, visibleText } from '../support/scenario.js';
import { findButton } from '../support/slack-payloads.js';
import type { Bot } from '../support/start-bot.js';

/**
 * SIGKILL at each stage of the bot's work, at a random moment, then a restart on the same
 * embedded store: no message twice, no step lost, no second remedy or merge. 3 rounds a stage;
 * OVERSEER_LONG_TESTS=1 runs the 20.
 */
const LONG = process.env.OVERSEER_LONG_TESTS === '1';
const ROUNDS = LONG ? 20 : 3;
const rounds = Array.from({ length: ROUNDS }, (_, i) => i + 1);
const LEAD = 'U0LEAD';
const ONCALL = 'U0OLIVE';
const APPROVE = 'overseer_task_approve';
const MERGE = 'overseer_task_merge';
/** Long enough for a restart whose kill fell between an escalation claim and its record (60 s lease). */
const STEP_WAIT_MS = 75_000;

const randomMs = (max: number) => Math.floor(Math.random() * max);

describe('SIGKILL at each stage, then a restart on the same data', () => {
  const t = perTestWorld();
  const { click, taskMessage, revertAskingForMerge } = fixTaskClicks(t);

  const root = () => t.world.slack.messages(CHANNEL)[0];
  const rootPosts = () =>
    t.world.slack
      .callsTo('chat.postMessage')
      .filter((call) => call.ok && call.params.channel === CHANNEL && call.params.thread_ts === undefined);
  const mentions = () =>
    t.world.slack.thread(CHANNEL, root()?.ts ?? '').filter((reply) => reply.text.includes(`<@${ONCALL}>`));
  const dms = () => t.world.slack.messages(ONCALL);
  const runsRequests = () => t.world.github.requests.filter((r) => r.path.endsWith('/runs')).length;

  /** A fresh embedded store's dir: each test's bot and its restart share one. */
  const dataDir = () => mkdtempSync(join(tmpdir(), 'overseer-kill-data-'));
  function env(overrides: Record<string, string> = {}): Record<string, string> {
    return t.world.env({ OVERSEER_DATA_DIR: dataDir(), ...overrides });
  }

  /**
   * Waits until the bot has looked at GitHub `n` more times: whatever it owed would show by then.
   * The 20 s is a hang guard, not a margin: a bot just restarted on a loaded 2-core machine first
   * loads its modules, opens its store and asks Slack who it is, and once took over 10 s.
   */
  async function cycles(n: number): Promise<void> {
    const seen = runsRequests();
    await t.world.github.waitFor(() => runsRequests() >= seen + n, 20_000);
  }

  /** From each kill to the restarted bot's first look at GitHub, ms: printed after the file. */
  const restartToLook: number[] = [];
  afterAll(() => {
    if (restartToLook.length === 0) return;
    const sorted = [...restartToLook].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    console.info(
      `faults-kill: kill to the restarted bot's first look at GitHub over ${sorted.length} restarts: ` +
        `p50 ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${sorted.at(-1)} ms`,
    );
  });

  async function killAndRestart(bot: Bot, settings: Record<string, string>): Promise<Bot> {
    const killedAt = Date.now();
    const seen = runsRequests();
    expect(await bot.stop('SIGKILL')).toBeNull();
    const restarted = await t.bot(settings);
    // Its first look: every stage needs it, and how long it takes is what a stall would show.
    await t.world.github.waitFor(() => runsRequests() > seen, 20_000);
    restartToLook.push(Date.now() - killedAt);
    return restarted;
  }

  async function started(settings: Record<string, string>): Promise<Bot> {
    t.world.push('Add widgets', 'success');
    const bot = await t.bot(settings);
    await t.world.github.waitFor((github) =>
      github.requests.some((r) => r.path.endsWith('/runs') && r.status === 200),
    );
    return bot;
  }

  /** After the restart the incident is shown once, and stays shown once over the next cycles. */
  async function expectOneIncidentMessage(why: string): Promise<void> {
    await t.world.slack.waitFor((slack) => slack.messages(CHANNEL).length > 0, 15_000);
    await cycles(2);
    expect(rootPosts(), why).toHaveLength(1);
    expect(t.world.slack.messages(CHANNEL), why).toHaveLength(1);
  }

  it.each(rounds)(
    'mid-check, at a random moment of the cycles after a red (round %i)',
    async () => {
      const settings = env();
      const bot = await started(settings);
      t.world.push('Break the widget parser', 'failure');
      const delay = randomMs(2_500);
      await sleep(delay);
      await killAndRestart(bot, settings);
      await expectOneIncidentMessage(`killed ${delay} ms after the red`);
    },
    60_000,
  );

  it.each(rounds)(
    'between recording the red and delivering it (round %i)',
    async () => {
      const settings = env();
      const bot = await started(settings);
      const red = t.world.push('Break the widget parser', 'failure');
      // The run's jobs are the last thing read before the incident is recorded and delivered.
      await t.world.github.waitFor(
        (github) => github.requests.some((r) => r.path.includes(`/runs/${red.runId}/attempts/1/jobs`)),
        8_000,
      );
      const delay = randomMs(150);
      await sleep(delay);
      await killAndRestart(bot, settings);
      await expectOneIncidentMessage(`killed ${delay} ms after the jobs were read`);
    },
    60_000,
  );

  it.each(rounds)(
    'mid-escalation step: the mention and the DM come once each (round %i)',
    async () => {
      t.world.slack.addUser({ id: ONCALL, name: 'olive', email: 'olive@acme.test' });
      const settings = env({ OVERSEER_CONFIG: writeConfigFile(escalationLines(ONCALL, '3s', '4s')) });
      const bot = await started(settings);
      t.world.push('Break the widget parser', 'failure');
      await t.world.slack.waitFor((slack) => slack.messages(CHANNEL).length > 0, 8_000);
      const posted = Date.now();
      // Around the steps' due times (3 s and 4 s after the incident opened).
      const delay = 2_500 + randomMs(2_500);
      await sleep(Math.max(0, posted + delay - Date.now()));
      await killAndRestart(bot, settings);
      const why = `killed ${delay} ms after the incident was posted`;

      await t.world.slack.waitFor(() => mentions().length > 0 && dms().length > 0, STEP_WAIT_MS);
      await cycles(2);
      expect(mentions(), why).toHaveLength(1);
      expect(dms(), why).toHaveLength(1);
      expect(rootPosts(), why).toHaveLength(1);
    },
    120_000,
  );

  /** The rerun fix task up to its Approve & Start button. */
  async function rerunTask() {
    const settings = env({ OVERSEER_ORIGINATE_ENABLED: 'true', OVERSEER_APPROVERS: LEAD });
    const bot = await started(settings);
    t.world.push('Break the widget parser', 'failure');
    const task = await taskMessage(/Fix task/, APPROVE);
    return { settings, bot, task };
  }

  /** The fix task's message once its `actionId` button names a newer task than `clicked`'s did. */
  const renderedAgain = (clicked: SlackMessage, actionId: string) =>
    t.world.slack.waitFor((slack) => {
      const task = fixTaskReply(slack);
      const value = task && findButton(task.blocks, actionId)?.value;
      return value !== undefined && value !== findButton(clicked.blocks, actionId)?.value ? task : false;
    }, 15_000);

  /**
   * After a kill during an approval: the remedy started once, or the approval never took (the
   * button is still offered) and a second click starts it once. Never twice.
   */
  async function expectOneRemedy(bot: Bot, clicked: SlackMessage, why: string): Promise<void> {
    await cycles(2);
    if (t.world.github.rerunRequests.length === 0) {
      // The button of the message as the interruption left it: the one clicked before the kill
      // names an older version of the task, and a click on it is refused as stale (rightly).
      const task = await renderedAgain(clicked, APPROVE).catch(() => fixTaskReply(t.world.slack));
      expect(
        task && findButton(task.blocks, APPROVE),
        `${why}: no re-run and no button: ${visibleText(task)}`,
      ).toBeTruthy();
      if (task) await click(bot, task, APPROVE, 'Approve & Start', LEAD);
      await t.world.github
        .waitFor((github) => github.rerunRequests.length > 0, 30_000)
        .catch(() => {
          // What the bot said about the task, for the reader of a failure.
          const said = bot
            .output()
            .split('\n')
            .filter((line) => /task|lease|interrupt/i.test(line));
          throw new Error(`${why}: no re-run after a second Approve & Start:\n${said.join('\n')}`);
        });
    }
    await taskMessage(/Approved by/);
    await cycles(2);
    expect(t.world.github.rerunRequests, why).toHaveLength(1);
    expect(rootPosts(), why).toHaveLength(1);
  }

  it.each(rounds)(
    'mid-approval: killed right after Approve & Start was acknowledged (round %i)',
    async () => {
      const { settings, bot, task } = await rerunTask();
      await click(bot, task, APPROVE, 'Approve & Start', LEAD);
      const delay = randomMs(300);
      await sleep(delay);
      const restarted = await killAndRestart(bot, settings);
      await expectOneRemedy(restarted, task, `killed ${delay} ms after the click`);
    },
    90_000,
  );

  it.each(rounds)(
    'mid-remedy start: killed as GitHub receives the re-run (round %i)',
    async () => {
      const { settings, bot, task } = await rerunTask();
      await click(bot, task, APPROVE, 'Approve & Start', LEAD);
      await t.world.github.waitFor((github) => github.rerunRequests.length > 0, 8_000);
      const delay = randomMs(100);
      await sleep(delay);
      const restarted = await killAndRestart(bot, settings);
      await expectOneRemedy(restarted, task, `killed ${delay} ms after the re-run reached GitHub`);
    },
    60_000,
  );

  it.each(rounds)(
    'mid-merge: killed as Approve merge reaches GitHub, or just after the click (round %i)',
    async () => {
      const { github } = t.world;
      const settings = revertEnv(t, { OVERSEER_DATA_DIR: dataDir(), OVERSEER_APPROVERS: LEAD });
      const bot = await started(settings);
      const { revert, asking } = await revertAskingForMerge(bot, LEAD);
      await click(bot, asking, MERGE, 'Approve merge', LEAD);
      // Half the rounds die as the merge reaches GitHub, half at a random moment after the click.
      const atMerge = Math.random() < 0.5;
      if (atMerge) await github.waitFor((g) => g.merges.length > 0, 8_000);
      const delay = randomMs(atMerge ? 100 : 300);
      await sleep(delay);
      const restarted = await killAndRestart(bot, settings);
      const why = `killed ${delay} ms after ${atMerge ? 'the merge reached GitHub' : 'the click'}`;

      await cycles(2);
      if (github.merges.length === 0) {
        // No merge, so the task never moved (a click claims, it records nothing until merged): the
        // message as it is now carries the task's version. The claim the killed bot held died
        // with it, so this click merges.
        const task = fixTaskReply(t.world.slack);
        expect(task && findButton(task.blocks, MERGE), `${why}: no merge and no button`).toBeTruthy();
        if (task) await click(restarted, task, MERGE, 'Approve merge', LEAD);
        await github
          .waitFor((g) => g.merges.length > 0, 20_000)
          .catch(() => {
            const told = t.world.slack.ephemerals(CHANNEL).map((e) => e.text);
            throw new Error(`${why}: no merge after a second Approve merge; told: ${told.join(' | ')}`);
          });
      }
      await cycles(3);
      expect(github.merges, why).toHaveLength(1);
      expect(github.merges[0], why).toMatchObject({ number: revert.number });
      expect(rootPosts(), why).toHaveLength(1);
      expect(visibleText(fixTaskReply(t.world.slack)), why).not.toMatch(/Waiting for Approve merge/);
    },
    90_000,
  );
});
