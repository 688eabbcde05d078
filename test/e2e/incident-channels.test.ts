import { describe, expect, it } from 'vitest';
import { configEnv } from '../support/config-file.js';
import { CHANNEL, perTestWorld, REPO, visibleText } from '../support/scenario.js';

const ONCALL = 'U0ONCALL';
const ALICE_ID = 'U0ALICE';

/** A config watching acme/widgets with a channel per incident, on-call and Alice mapped. */
const CHANNELS_CONFIG = [
  'oncall:',
  `  users: [${ONCALL}]`,
  'repos:',
  `  - repo: ${REPO}`,
  '    workflow: ci.yml',
  `    channel: ${CHANNEL}`,
  '    users:',
  `      alice: ${ALICE_ID}`,
  '    incidentChannels: true',
];

describe('incident channels, end to end against the built bot', () => {
  const t = perTestWorld();

  it('a red build opens #ci-widgets-1 with on-call and the author, the summary pinned, linked from the thread', async () => {
    const { slack, github } = t.world;
    slack.addUser({ id: ONCALL, name: 'oncall' });
    t.world.push('Add widgets', 'success');
    const bot = await t.bot(configEnv(t.world, CHANNELS_CONFIG));
    await github.waitFor((g) => g.requests.some((r) => r.path.endsWith('/runs') && r.status === 200));
    t.world.push('Break the widget parser', 'failure');

    const link = await slack.waitFor((s) => {
      const root = s.messages(CHANNEL)[0];
      return root && s.thread(CHANNEL, root.ts).find((m) => m.text.includes('Incident channel'));
    }, 15_000);
    const [channel, ...more] = slack.createdChannels();
    expect(more).toEqual([]);
    expect(channel?.name).toBe('ci-widgets-1');
    expect(link.text).toContain(`<#${channel?.id}>`);
    expect(channel?.members.sort()).toEqual([ALICE_ID, ONCALL].sort());
    const [summary] = slack.messages(channel?.id ?? '');
    expect(channel?.pins).toEqual([summary?.ts]);
    expect(visibleText(summary)).toContain('Break the widget parser');
    expect(bot.output()).not.toContain('incidentChannels');

    // Green again: the pinned summary follows the incident message to recovered.
    t.world.push('Fix the widget parser', 'success');
    await slack.waitFor((s) => /recovered/i.test(visibleText(s.messages(channel?.id ?? '')[0])), 15_000);
    expect(slack.callsTo('conversations.create')).toHaveLength(1);
    expect(slack.unexpected).toEqual([]);
  });
});
