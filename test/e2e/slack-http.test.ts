import { describe, expect, it } from 'vitest';
import { TEAM_ID } from '../support/fake-slack.js';
import { BOB, CHANNEL, perTestWorld, SIGNING_SECRET, visibleText } from '../support/scenario.js';
import { signSlackRequest } from '../support/sign.js';
import { findButton } from '../support/slack-payloads.js';
import type { Bot } from '../support/start-bot.js';
import { waitForMetric } from '../support/wait-for-metric.js';

const ALICE_ID = 'U0ALICE';

describe('Slack requests over HTTP, end to end', () => {
  const t = perTestWorld();
  let bot: Bot | undefined;

  /** POSTs a form-encoded body to /slack/events the way Slack does; `secret: false` leaves it unsigned. */
  const post = async (form: Record<string, string>, secret: string | false = SIGNING_SECRET) => {
    const body = new URLSearchParams(form).toString();
    const signature = secret === false ? {} : signSlackRequest(secret, body);
    return fetch(`${bot?.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...signature },
      body,
    });
  };
  const slashCommand = (text: string) => ({
    token: 'deprecated-verification-token',
    team_id: TEAM_ID,
    team_domain: 'acme',
    channel_id: CHANNEL,
    channel_name: 'incidents',
    user_id: ALICE_ID,
    user_name: 'alice',
    command: '/overseer',
    text,
    api_app_id: 'A0OVERSEER',
    response_url: t.world.slack.responseUrl(),
    trigger_id: '1234.5678.abcdef',
  });
  const firstCheckDone = () =>
    t.world.github.waitFor(
      (github) => github.requests.some((r) => r.path.endsWith('/runs') && r.status === 200),
      5_000,
    );

  /** Waits until a green check was recorded (counted in /metrics), so the store holds the verdict. */
  const greenCheckRecorded = () => {
    if (!bot) throw new Error('start the bot first');
    return waitForMetric(bot, /^overseer_ci_checks_total\{[^}]*verdict="green"[^}]*\} [1-9]/m);
  };

  it('refuses unsigned, badly signed and stale requests with 401', async () => {
    bot = await t.bot(t.world.env());
    const form = slashCommand('help');
    expect((await post(form, false)).status).toBe(401);
    expect((await post(form, 'not-the-signing-secret')).status).toBe(401);
    const body = new URLSearchParams(form).toString();
    const stale = signSlackRequest(SIGNING_SECRET, body, Math.floor(Date.now() / 1000) - 10 * 60);
    const replayed = await fetch(`${bot.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...stale },
      body,
    });
    expect(replayed.status).toBe(401);
    expect(t.world.slack.responses).toHaveLength(0);
  });

  it('answers a signed /overseer help at once with ephemeral help', async () => {
    bot = await t.bot(t.world.env());
    const response = await post(slashCommand('help'));
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { response_type?: string; text?: string };
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toContain('/overseer status');
    expect(answer.text).toContain('/overseer check');
    // `<id>` escaped, so Slack shows it as text instead of reading a link.
    expect(answer.text).toContain('/overseer working-on &lt;id&gt;');
  });

  it('answers a signed /overseer status on the response_url with the truth about acme/widgets', async () => {
    t.world.push('Add widgets', 'success');
    bot = await t.bot(t.world.env());
    await firstCheckDone();
    await greenCheckRecorded();

    const response = await post(slashCommand('status'));
    expect(response.status).toBe(200);
    const [reply] = await t.world.slack.waitFor(
      (slack) => slack.responses.length > 0 && slack.responses,
      5_000,
    );
    expect(reply?.url).toMatch(/\/response\/1$/);
    expect(reply?.body.response_type).toBe('ephemeral');
    const text = String(reply?.body.text);
    expect(text).toContain('acme/widgets');
    expect(text).toMatch(/acme\/widgets\*? ci\.yml on main: green/);
    expect(text).not.toMatch(/dormant|red for/i);
    expect(text).toMatch(/Last check cycle completed/);
  });

  it('an Acknowledge click updates the incident to name who acknowledged and notes it in the thread', async () => {
    t.world.push('Add widgets', 'success');
    bot = await t.bot(t.world.env());
    await firstCheckDone();
    t.world.push('Break the widget parser', 'failure', BOB);
    const [incident] = await t.world.slack.waitFor(
      (slack) => slack.messages(CHANNEL).length > 0 && slack.messages(CHANNEL),
      8_000,
    );
    expect(incident).toBeDefined();
    const ts = incident?.ts ?? '';
    const button = findButton(incident?.blocks, 'overseer_ack');
    expect(button?.value).toMatch(/\S/);
    expect(visibleText(incident)).not.toContain(`<@${ALICE_ID}>`);

    const payload = {
      type: 'block_actions',
      team: { id: TEAM_ID, domain: 'acme' },
      user: { id: ALICE_ID, username: 'alice', name: 'alice', team_id: TEAM_ID },
      api_app_id: 'A0OVERSEER',
      token: 'deprecated-verification-token',
      container: { type: 'message', message_ts: ts, channel_id: CHANNEL, is_ephemeral: false },
      trigger_id: '1234.5678.abcdef',
      channel: { id: CHANNEL, name: 'incidents' },
      message: incident,
      response_url: t.world.slack.responseUrl(),
      actions: [
        {
          type: 'button',
          action_id: 'overseer_ack',
          block_id: button?.blockId ?? '',
          text: { type: 'plain_text', text: 'Acknowledge' },
          value: button?.value ?? '',
          action_ts: String(Date.now() / 1000),
        },
      ],
    };
    const response = await post({ payload: JSON.stringify(payload) });
    expect(response.status).toBe(200);

    const updated = await t.world.slack.waitFor((slack) => {
      const message = slack.messages(CHANNEL)[0];
      return /acknowledged by/i.test(visibleText(message)) && message;
    }, 5_000);
    expect(updated.ts).toBe(ts);
    expect(visibleText(updated)).toContain(`<@${ALICE_ID}>`);
    expect(findButton(updated.blocks, 'overseer_ack')).toBeUndefined();
    expect(t.world.slack.callsTo('chat.update').some((call) => call.params.ts === ts)).toBe(true);
    const thread = await t.world.slack.waitFor((slack) => {
      const all = slack.thread(CHANNEL, ts);
      return all.some((m) => m.ts !== ts && /acknowledged this incident/.test(visibleText(m))) && all;
    }, 5_000);
    expect(visibleText(thread.at(-1))).toContain(`<@${ALICE_ID}> acknowledged this incident`);
    expect(t.world.slack.messages(CHANNEL)).toHaveLength(1);
    expect(t.world.slack.ephemerals()).toHaveLength(0);
    t.world.slack.assertNoUnexpected();
  }, 30_000);
});
