import { describe, expect, it } from 'vitest';
import type { SlackMessage } from '../support/fake-slack.js';
import { fixTaskReply, perTestWorld, SIGNING_SECRET, visibleText } from '../support/scenario.js';
import { postSignedInteraction, postSignedSlackForm } from '../support/sign.js';
import { buttonClickPayload, findButton, slashCommandPayload } from '../support/slack-payloads.js';
import type { Bot } from '../support/start-bot.js';

const LEAD = 'U0LEAD';
const ASKER = 'U0BOB';
const APPROVE = 'overseer_task_approve';

describe('/overseer working-on, end to end', () => {
  const t = perTestWorld();

  /**
   * A signed `/overseer working-on <id>` as Slack sends it; answers what the asker was shown, in
   * the ack or on the response_url. The answer comes from what is stored: it arrives while every
   * GitHub request is held unanswered, so neither the ack nor the answer waits on GitHub.
   */
  async function ask(bot: Bot, id: string): Promise<string> {
    const responseUrl = t.world.slack.responseUrl();
    const payload = slashCommandPayload({
      text: `working-on ${id}`,
      user: ASKER,
      responseUrl,
      triggerId: t.world.slack.issueTrigger(ASKER),
    });
    const github = t.world.github.hold({});
    try {
      const response = await postSignedSlackForm(
        bot.url,
        SIGNING_SECRET,
        new URLSearchParams(payload).toString(),
      );
      expect(response.status).toBe(200);
      const acked = await response.text();
      const inAck =
        acked === '' ? undefined : (JSON.parse(acked) as { response_type?: string; text?: string });
      let answer: { response_type?: unknown; text?: unknown } | undefined =
        inAck?.text === undefined ? undefined : inAck;
      answer ??= (
        await t.world.slack.waitFor((slack) => slack.responses.find((r) => r.url === responseUrl), 15_000)
      ).body;
      // Answered before the hold below is released: had it asked GitHub, it would still wait.
      expect(answer.response_type).toBe('ephemeral');
      return String(answer.text);
    } finally {
      github.release();
    }
  }

  function taskMessage(ready: (message: SlackMessage) => boolean): Promise<SlackMessage> {
    return t.world.slack.waitFor((slack) => {
      const found = fixTaskReply(slack);
      return found && ready(found) ? found : false;
    }, 8_000);
  }

  it('answers for a task, its incident and a GitHub reference from what is stored, and who did what', async () => {
    t.world.push('Add widgets', 'success');
    const bot = await t.bot(t.world.env({ OVERSEER_ORIGINATE_ENABLED: 'true', OVERSEER_APPROVERS: LEAD }));
    await t.world.github.waitFor((github) =>
      github.requests.some((r) => r.path.endsWith('/runs') && r.status === 200),
    );
    const red = t.world.push('Break the widget parser', 'failure');
    const task = await taskMessage((m) => findButton(m.blocks, APPROVE) !== undefined);

    const held = await ask(bot, 'T-1');
    expect(held).toMatch(
      /^:hourglass: Overseer proposed \*fix task T-1\* on \*acme\/widgets\* and holds it: /,
    );
    expect(held).toContain(
      `• Plan: re-run the failed jobs of <https://github.com/acme/widgets/actions/runs/${red.runId}|run #${red.runId}>`,
    );
    const incidentId = /Incident `([^`]+)`: red for/.exec(held)?.[1] ?? '';
    expect(incidentId).toMatch(/^acme\/widgets:ci\.yml:main#\d+$/);

    const click = buttonClickPayload({
      message: task,
      actionId: APPROVE,
      label: 'Approve & Start',
      user: LEAD,
      responseUrl: t.world.slack.responseUrl(),
      triggerId: t.world.slack.issueTrigger(LEAD),
    });
    expect((await postSignedInteraction(bot.url, SIGNING_SECRET, click)).status).toBe(200);
    await taskMessage((m) => /Approved by/.test(visibleText(m)));

    const working = await ask(bot, 't-1');
    expect(working).toMatch(/^:arrows_counterclockwise: Overseer is working on it: \*fix task T-1\*/);
    expect(working).toContain(`• Approved by <@${LEAD}> <!date^`);
    expect(working).toMatch(new RegExp(`<@${LEAD}> approved\\n`));

    const incident = await ask(bot, incidentId);
    expect(incident).toMatch(
      /^:red_circle: Incident `acme\/widgets:ci\.yml:main#\d+` \(\*acme\/widgets\* ci\.yml on main\): red for /,
    );
    expect(incident).toContain('nobody has acknowledged it yet');
    expect(incident).toContain(`• Fix task T-1: `);
    expect(incident).toContain(`approved by <@${LEAD}>`);

    expect(await ask(bot, 'https://github.com/acme/widgets/pull/5')).toBe(
      'Overseer is not working on acme/widgets#5: no fix task has it as its pull request or issue.',
    );
    expect(await ask(bot, 'T-42')).toMatch(/^Overseer holds no fix task T-42: /);
    expect(await ask(bot, 'widgets')).toMatch(/^`widgets` is not something I can look up\. Give a fix task/);
  }, 40_000);
});
