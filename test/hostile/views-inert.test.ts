// Text from GitHub in every view Overseer shows: a commit message, an author's name and login, a
// workflow's, job's and step's names and a job's log lines chosen by someone hostile must reach
// Slack as inert text within Block Kit's limits, in the incident message, its thread notes, the
// fix task card, the answers of /overseer and of @Overseer, DMs and the Home tab.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockKitProblems } from '../support/block-kit-check.js';
import { BOT_USER_ID } from '../support/fake-slack.js';
import { hostileName, hostileText } from '../support/hostile-text.js';
import { startInProcessBot } from '../support/in-process-bot.js';
import { CHANNEL, REPO, startWorld } from '../support/scenario.js';
import { sentToSlack } from '../support/sent-to-slack.js';
import { slackDriver } from '../support/slack-driver.js';
import { findButton } from '../support/slack-payloads.js';

const LEAD = 'U0LEAD';
const YEARLY = '0 0 1 1 *';

const GitHubText = fc.record({
  message: hostileText(8),
  recovery: hostileText(4),
  authorName: hostileName(),
  login: hostileName(2).map((text) => text.slice(0, 39)),
  workflowName: hostileName(),
  jobs: fc.array(fc.record({ name: hostileName(), step: hostileName() }), { minLength: 1, maxLength: 12 }),
  logLines: fc.array(hostileText(3), { minLength: 1, maxLength: 12 }),
});
type GitHubText = typeof GitHubText extends fc.Arbitrary<infer T> ? T : never;

/** One red episode from hostile GitHub text, seen through every view; answers the problems found. */
async function everyViewOf(text: GitHubText): Promise<string[]> {
  const world = await startWorld();
  world.slack.addUser({ id: LEAD, name: 'lead', email: 'lead@acme.test' });
  const bot = await startInProcessBot(
    world.env({
      OVERSEER_SCHEDULE: YEARLY,
      OVERSEER_ORIGINATE_ENABLED: 'true',
      OVERSEER_APPROVERS: LEAD,
    }),
  );
  const answers: Array<Record<string, unknown>> = [];
  try {
    const slack = slackDriver(() => bot.url, world.slack);
    const ask = async (command: string) => {
      const answer = await slack.command(command, LEAD);
      expect(answer.status).toBe(200);
      answers.push(answer.body);
    };
    world.push('Add widgets', 'success');
    await ask('check');
    const author = { name: text.authorName, email: 'mallory@evil.test', login: text.login };
    const sha = world.github.addCommit(REPO, { message: text.message, author });
    const failing = text.jobs.map((job) => ({
      name: job.name,
      conclusion: 'failure',
      steps: [{ name: job.step, conclusion: 'failure' }],
    }));
    const runId = world.github.addRun(REPO, {
      workflow: 'ci.yml',
      name: text.workflowName,
      branch: 'main',
      headSha: sha,
      conclusion: 'failure',
      jobs: failing,
      actor: text.login,
    });
    for (const job of world.github.run(runId).attempts.flatMap((a) => a.jobs))
      world.github.setJobLog(job.id, text.logLines.join('\n'));
    await ask('check');
    const root = await world.slack.waitFor((s) => s.messages(CHANNEL)[0], 10_000);
    await world.slack.waitFor(
      (s) => s.thread(CHANNEL, root.ts).some((m) => findButton(m.blocks, 'overseer_task_approve')),
      10_000,
    );
    const incidentId = findButton(root.blocks, 'overseer_ack')?.value ?? '';
    expect(await slack.click(root, 'overseer_ack', LEAD)).toBe(200);
    await world.slack.waitFor((s) => s.callsTo('chat.update').length > 0, 10_000);
    for (const command of [
      'status',
      'status public',
      'incidents',
      'history',
      `history ${REPO}`,
      'tasks',
      `working-on ${incidentId}`,
      'working-on T-1',
      'working-on T-1 public',
    ])
      await ask(command);
    const replies = () => world.slack.callsTo('chat.postMessage').length;
    for (const [question, thread] of [
      ['why is CI red?', undefined],
      ['status', undefined],
      ['why is CI red?', root.ts],
      ['status', root.ts],
    ] as const) {
      const before = replies();
      expect(await slack.mention(question, LEAD, thread)).toBe(200);
      await world.slack.waitFor((s) => s.callsTo('chat.postMessage').length > before, 10_000);
    }
    const dmTs = '1800000000.000200';
    const beforeDm = replies();
    await slack.event({
      type: 'message',
      channel_type: 'im',
      channel: 'D0LEAD',
      user: LEAD,
      text: 'status',
      ts: dmTs,
    });
    await world.slack.waitFor((s) => s.callsTo('chat.postMessage').length > beforeDm, 10_000);
    await slack.event({
      type: 'app_home_opened',
      user: LEAD,
      channel: 'D0LEAD',
      tab: 'home',
      event_ts: dmTs,
    });
    await world.slack.waitFor((s) => s.homeView(LEAD), 10_000);
    world.push(text.recovery, 'success');
    await ask('check');
    await world.slack.waitFor(
      (s) => s.thread(CHANNEL, root.ts).some((m) => /green|recovered/i.test(m.text)),
      10_000,
    );
  } finally {
    await bot.stop();
    await world.close();
  }
  const options = {
    mentionable: [LEAD, BOT_USER_ID, CHANNEL],
    linkPrefixes: ['https://github.com/', world.github.url],
  };
  const problems: string[] = [];
  for (const sent of [
    ...sentToSlack(world.slack),
    ...answers.map((payload) => ({ where: 'answer', surface: 'message' as const, payload })),
  ]) {
    for (const problem of blockKitProblems(sent.payload, sent.surface, options))
      problems.push(`${sent.where} ${problem}`);
  }
  return problems;
}

describe('GitHub text in every view', () => {
  it('stays inert text within Block Kit limits, whatever a pusher writes', async () => {
    await fc.assert(
      fc.asyncProperty(GitHubText, async (text) => {
        const problems = await everyViewOf(text);
        expect(problems.slice(0, 15)).toEqual([]);
      }),
      { numRuns: 12, endOnFailure: true },
    );
  }, 120_000);
});
