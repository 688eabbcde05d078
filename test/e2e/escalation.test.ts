import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACK_ACTION_ID } from '../../src/platform/slack/incidents/incident-view.js';
import { CHANNEL, perTestWorld, sleep, visibleText } from '../support/scenario.js';
import { findButton } from '../support/slack-payloads.js';
import { startBot } from '../support/start-bot.js';

const ONCALL = 'U0OLIVE';

/** overseer.yml with steps a few seconds apart; the watch itself comes from OVERSEER_REPO. */
function configFile(mentionAfter: string, dmAfter: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'overseer-escalation-'));
  const path = join(dir, 'overseer.yml');
  writeFileSync(
    path,
    [
      'oncall:',
      `  users: [${ONCALL}]`,
      'escalation:',
      '  - after: 0s',
      '    notify: channel',
      `  - after: ${mentionAfter}`,
      '    mention: oncall',
      `  - after: ${dmAfter}`,
      '    dm: oncall',
      '',
    ].join('\n'),
  );
  return path;
}

describe('escalation, end to end', () => {
  const t = perTestWorld();

  const root = () => t.world.slack.messages(CHANNEL)[0];
  const mentions = () =>
    t.world.slack.thread(CHANNEL, root()?.ts ?? '').filter((reply) => reply.text.includes(`<@${ONCALL}>`));
  const dms = () => t.world.slack.messages(ONCALL);

  async function openIncident(): Promise<number> {
    t.world.push('Add widgets', 'success');
    await t.world.github.waitFor((github) => github.requests.some((r) => r.path.endsWith('/runs')), 5_000);
    t.world.push('Break the widget parser', 'failure');
    await t.world.slack.waitFor((slack) => slack.messages(CHANNEL).length > 0, 8_000);
    return Date.now();
  }

  it('mentions on-call in the thread and DMs them with Acknowledge, on time and once each', async () => {
    t.world.slack.addUser({ id: ONCALL, name: 'olive', email: 'olive@acme.test' });
    await t.bot(t.world.env({ OVERSEER_CONFIG: configFile('3s', '6s') }));
    const posted = await openIncident();

    await t.world.slack.waitFor(() => mentions().length > 0, 8_000);
    const mentionedAfter = Date.now() - posted;
    await t.world.slack.waitFor(() => dms().length > 0, 8_000);
    const dmAfter = Date.now() - posted;
    expect(mentionedAfter).toBeGreaterThanOrEqual(2_000);
    expect(dmAfter).toBeGreaterThanOrEqual(5_000);
    expect(dmAfter).toBeLessThan(9_000);

    await sleep(3_000);
    expect(mentions()).toHaveLength(1);
    expect(dms()).toHaveLength(1);
    expect(findButton(dms()[0]?.blocks, ACK_ACTION_ID)?.value).toMatch(/^acme\/widgets:ci\.yml:main#\d+$/);
    expect(visibleText(root())).toContain('Not acknowledged · no escalation steps left');
    t.world.slack.assertNoUnexpected();
  }, 40_000);

  it('a step that came due while the bot was killed is delivered once after the restart', async () => {
    t.world.slack.addUser({ id: ONCALL, name: 'olive', email: 'olive@acme.test' });
    const dataDir = mkdtempSync(join(tmpdir(), 'overseer-escalation-data-'));
    const env = t.world.env({ OVERSEER_CONFIG: configFile('4s', '30m'), OVERSEER_DATA_DIR: dataDir });
    const first = await startBot(env);
    await openIncident();
    // Killed between steps: the first (the message itself) fired, the mention is pending. (Killed
    // in the middle of a Slack delivery, the embedded store drops the dead holder's outbox lease
    // when it opens again: see faults-kill.test.ts.)
    await t.world.slack.waitFor(() => visibleText(root()).includes('next: mention on-call'), 5_000);
    await sleep(500); // the delivery records itself and lets its lease go
    await first.stop('SIGKILL');
    expect(mentions()).toHaveLength(0);

    await sleep(5_000); // the mention came due meanwhile
    await t.bot(env);
    await t.world.slack.waitFor(() => mentions().length > 0, 8_000);
    await sleep(3_000);
    expect(mentions()).toHaveLength(1);
    expect(dms()).toHaveLength(0);
    expect(t.world.slack.messages(CHANNEL)).toHaveLength(1);
  }, 40_000);
});
