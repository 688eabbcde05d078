import { describe, expect, it } from 'vitest';
import { configEnv } from '../support/config-file.js';
import { TEAM_ID } from '../support/fake-slack.js';
import { ALICE, CHANNEL, perTestWorld, REPO, SIGNING_SECRET, visibleText } from '../support/scenario.js';
import { postSignedSlackForm } from '../support/sign.js';

const OLIVE = 'U0OLIVE';
const GONE = 'U0GONE';
const ADMIN = 'U0ADMIN';
const OTHER_REPO = 'acme/other';
/** A channel Slack does not know (deleted, or never shared with Overseer). */
const LOST_CHANNEL = 'C0LOST';

/** Two watches, one posting to a channel Slack does not know; a DM step to a known and an unknown user. */
const CONFIG = [
  `admins: [${ADMIN}]`,
  'escalation:',
  '  - after: 0s',
  '    notify: channel',
  '  - after: 2s',
  `    dm: [${GONE}, ${OLIVE}]`,
  'repos:',
  `  - repo: ${REPO}`,
  '    workflow: ci.yml',
  `    channel: ${CHANNEL}`,
  `  - repo: ${OTHER_REPO}`,
  '    workflow: ci.yml',
  `    channel: ${LOST_CHANNEL}`,
];

describe('Slack refusals no retry mends, end to end', () => {
  const t = perTestWorld();

  it('a deleted message, an unknown DM recipient and an unknown channel are set aside; everything else is delivered', async () => {
    const { slack, github } = t.world;
    slack.addUser({ id: OLIVE, name: 'olive' });
    slack.addUser({ id: ADMIN, name: 'ada' });
    github.addRepo(OTHER_REPO, { defaultBranch: 'main' });
    const bot = await t.bot(configEnv(t.world, CONFIG));
    const top = () => slack.messages(CHANNEL);

    t.world.push('Add widgets', 'success');
    await github.waitFor((g) => g.requests.some((r) => r.path.endsWith('/runs')), 5_000);
    t.world.push('Break the widget parser', 'failure');
    const other = github.addCommit(OTHER_REPO, { message: 'Break the other thing', author: ALICE });
    github.addRun(OTHER_REPO, { workflow: 'ci.yml', branch: 'main', headSha: other, conclusion: 'failure' });
    await slack.waitFor(() => top().length > 0, 8_000);
    // The DM step: Olive is DMed; the unknown user is set aside.
    await slack.waitFor(() => slack.messages(OLIVE).length > 0, 8_000);

    // Someone deletes the incident message; the next red posts it afresh and updates that one.
    const deleted = top()[0]?.ts ?? '';
    slack.deleteMessage(CHANNEL, deleted);
    t.world.push('Try to fix the parser', 'failure');
    const fresh = await slack.waitFor(() => top().find((m) => m.ts !== deleted), 8_000);
    expect(visibleText(fresh)).toContain('replaces the incident’s earlier message, which was deleted');

    t.world.push('Fix the parser', 'success');
    await slack.waitFor(() => visibleText(top()[0]).includes('Recovered after'), 8_000);
    expect(top()).toHaveLength(1);
    expect(top()[0]?.ts).toBe(fresh.ts);
    // Olive's DM was updated to the recovery too.
    await slack.waitFor(
      () => !visibleText(slack.messages(OLIVE)[0]).includes('nobody has acknowledged'),
      5_000,
    );
    expect(slack.messages(OLIVE)).toHaveLength(1);

    // The admins: one DM per cause set aside. The deleted message was mended (posted afresh), so
    // it is neither set aside nor told.
    const told = await slack.waitFor(() => {
      const dms = slack.messages(ADMIN).map((m) => visibleText(m));
      return dms.length >= 2 ? dms : undefined;
    }, 8_000);
    expect(told.join('\n')).toContain(`\`conversations.open\` to <@${GONE}>: \`user_not_found\``);
    expect(told.join('\n')).toContain(`\`chat.postMessage\` to <#${LOST_CHANNEL}>: \`channel_not_found\``);
    expect(told).toHaveLength(2);

    // /overseer status, asked by an admin, lists what was set aside.
    const responseUrl = slack.responseUrl();
    const body = new URLSearchParams({
      token: 'deprecated-verification-token',
      team_id: TEAM_ID,
      channel_id: CHANNEL,
      user_id: ADMIN,
      command: '/overseer',
      text: 'status',
      api_app_id: 'A0OVERSEER',
      response_url: responseUrl,
      trigger_id: '5678.1.abcdef',
    }).toString();
    expect((await postSignedSlackForm(bot.url, SIGNING_SECRET, body)).status).toBe(200);
    const answer = await slack.waitFor(() => slack.responses.find((r) => r.url === responseUrl), 5_000);
    const status = String(answer.body.text);
    expect(status).toContain('set aside (refused for good, not retried)');
    expect(status).toContain('`user_not_found`');
    expect(status).toContain('`channel_not_found`');

    const metrics = await (await fetch(`${bot.url}/metrics`)).text();
    expect(metrics).not.toContain('error="message_not_found"');
    expect(metrics).toContain(
      'overseer_slack_set_aside_total{method="conversations.open",error="user_not_found"} 1',
    );
    expect(metrics).toMatch(
      /overseer_slack_set_aside_total\{method="chat.postMessage",error="channel_not_found"\} [1-9]/,
    );
  }, 60_000);
});
