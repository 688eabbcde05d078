import { describe, expect, it } from 'vitest';
import { TEAM_ID } from '../support/fake-slack.js';
import { CHANNEL, perTestWorld, SIGNING_SECRET, sleep } from '../support/scenario.js';
import { postSignedSlackForm } from '../support/sign.js';
import type { Bot } from '../support/start-bot.js';

const ADMIN = 'U0ALICE';
const LEAD = 'U0CAROL';
const OTHER = 'U0BOB';
const EFFECT = 'Incidents are still posted; fix tasks will not be opened or started.';

describe('/overseer pause and resume, end to end', () => {
  const t = perTestWorld();
  let bot: Bot | undefined;
  let commands = 0;

  /** The bot with Alice and the S0LEADS group (Carol) as admins. */
  const start = async () => {
    t.world.slack.addUsergroup('S0LEADS', [LEAD]);
    bot = await t.bot(t.world.env({ OVERSEER_ADMINS: `${ADMIN},S0LEADS` }));
    return bot;
  };

  /**
   * A signed `/overseer <text>` from `user`, as Slack sends it; answers what the user was shown,
   * whether in the ack or later on the command's response_url.
   */
  const command = async (user: string, text: string): Promise<string> => {
    commands += 1;
    const responseUrl = t.world.slack.responseUrl();
    const body = new URLSearchParams({
      token: 'deprecated-verification-token',
      team_id: TEAM_ID,
      team_domain: 'acme',
      channel_id: CHANNEL,
      channel_name: 'incidents',
      user_id: user,
      user_name: user.toLowerCase(),
      command: '/overseer',
      text,
      api_app_id: 'A0OVERSEER',
      response_url: responseUrl,
      // Slack mints one per command; the bot handles each trigger_id once.
      trigger_id: `1234.${commands}.abcdef`,
    }).toString();
    const response = await postSignedSlackForm(bot?.url ?? '', SIGNING_SECRET, body);
    expect(response.status).toBe(200);
    const acked = await response.text();
    const inAck = acked === '' ? undefined : (JSON.parse(acked) as { response_type?: string; text?: string });
    if (inAck?.text !== undefined) {
      expect(inAck.response_type).toBe('ephemeral');
      return inAck.text;
    }
    const reply = await t.world.slack.waitFor(
      (slack) => slack.responses.find((posted) => posted.url === responseUrl),
      5_000,
    );
    expect(reply.body.response_type).toBe('ephemeral');
    return String(reply.body.text);
  };

  const status = () => command(OTHER, 'status');

  it('an admin pauses for 2h with a reason: the answer and the status show who, why and until when', async () => {
    await start();
    const before = Date.now();
    const answer = await command(ADMIN, 'pause 2h release train leaving');
    const until = new Date(before + 2 * 3_600_000).toISOString().slice(11, 16);
    const hhmm = /until (?:\d{4}-\d\d-\d\d )?(\d\d:\d\d) UTC/.exec(answer)?.[1];
    // The minute may tick over between `before` and the bot's clock.
    expect([until, new Date(before + 2 * 3_600_000 + 60_000).toISOString().slice(11, 16)]).toContain(hhmm);
    expect(answer).toMatch(
      new RegExp(`^Paused until [0-9: -]+ UTC by <@${ADMIN}>: release train leaving\\. ${EFFECT}`),
    );

    const shown = await status();
    expect(shown).toContain(`:double_vertical_bar: Paused until`);
    expect(shown).toContain(`by <@${ADMIN}>: release train leaving. ${EFFECT}`);
    expect(shown).toContain('acme/widgets');
    t.world.slack.assertNoUnexpected();
  });

  it('a non-admin is refused, told who may, and nothing changes', async () => {
    await start();
    expect(await command(OTHER, 'pause 1h lunch')).toBe(
      `Only Overseer's admins may pause it: <@${ADMIN}>, <!subteam^S0LEADS>. Nothing changed.`,
    );
    expect(await status()).not.toMatch(/paus/i);

    await command(ADMIN, 'pause 1h deploy freeze');
    expect(await command(OTHER, 'resume')).toMatch(/^Only Overseer's admins may resume it: /);
    expect(await status()).toContain(`by <@${ADMIN}>: deploy freeze.`);
  });

  it('a member of an admin user group resumes: the pause is lifted from the status', async () => {
    await start();
    await command(ADMIN, 'pause 30m');
    expect(await status()).toContain(`by <@${ADMIN}> (no reason given). ${EFFECT}`);

    expect(await command(LEAD, 'resume')).toBe(
      `Resumed: the pause <@${ADMIN}> set is lifted. Fix tasks may be opened and started again.`,
    );
    expect(await status()).not.toMatch(/paus/i);
    expect(await command(LEAD, 'resume')).toBe('Overseer is not paused: nothing to resume.');
    // Group membership was asked of Slack, not guessed.
    expect(t.world.slack.callsTo('usergroups.users.list').length).toBeGreaterThan(0);
  });

  it('a bad duration is refused with a specific message, and nothing changes', async () => {
    await start();
    expect(await command(ADMIN, 'pause 90x deploy')).toBe(
      '`90x` is not a duration: write a number and a unit, such as 30m, 2h or 1d (s, m, h, d). Nothing changed.',
    );
    expect(await command(ADMIN, 'pause 0m')).toMatch(/^A pause needs a duration above zero/);
    expect(await status()).not.toMatch(/paus/i);
  });

  it('a pause expires by itself: once its time is up, status no longer shows it', async () => {
    await start();
    expect(await command(ADMIN, 'pause 2s quick look')).toContain('quick look');
    expect(await status()).toContain('quick look');
    await sleep(2_500);
    expect(await status()).not.toMatch(/paus|quick look/i);
    expect(await command(ADMIN, 'resume')).toBe('Overseer is not paused: nothing to resume.');
  });
});
