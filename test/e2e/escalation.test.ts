import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACK_ACTION_ID } from '../../src/platform/slack/incidents/incident-view.js';
import { escalationLines, writeConfigFile } from '../support/config-file.js';
import type { SlackMessage } from '../support/fake-slack.js';
import { CHANNEL, perTestWorld, sleep, visibleText } from '../support/scenario.js';
import { findButton } from '../support/slack-payloads.js';
import { startBot } from '../support/start-bot.js';
import { waitForMetric } from '../support/wait-for-metric.js';

const ONCALL = 'U0OLIVE';

describe('escalation, end to end', () => {
  const t = perTestWorld();

  const root = () => t.world.slack.messages(CHANNEL)[0];
  const mentions = () =>
    t.world.slack.thread(CHANNEL, root()?.ts ?? '').filter((reply) => reply.text.includes(`<@${ONCALL}>`));
  const dms = () => t.world.slack.messages(ONCALL);

  async function openIncident(): Promise<void> {
    t.world.push('Add widgets', 'success');
    await t.world.github.waitFor((github) => github.requests.some((r) => r.path.endsWith('/runs')), 15_000);
    t.world.push('Break the widget parser', 'failure');
    await t.world.slack.waitFor((slack) => slack.messages(CHANNEL).length > 0, 15_000);
  }

  /** Waits for `cycles` more reads of the runs: the bot ticked on meanwhile, whatever the clock did. */
  async function cyclesGoBy(cycles: number): Promise<void> {
    const reads = () => t.world.github.requests.filter((r) => r.path.endsWith('/runs')).length;
    const seen = reads();
    await t.world.github.waitFor(() => reads() >= seen + cycles, 15_000);
  }

  /** Slack's message writes in the order Slack got them, with what each one showed. */
  const writes = () =>
    t.world.slack.calls
      .filter((call) => call.ok && (call.method === 'chat.postMessage' || call.method === 'chat.update'))
      .map((call) => ({
        method: call.method,
        channel: String(call.params.channel),
        thread: call.params.thread_ts,
        shown: visibleText({
          text: String(call.params.text ?? ''),
          blocks: call.params.blocks ?? [],
        } as unknown as SlackMessage),
      }));

  it('mentions on-call in the thread and DMs them with Acknowledge, in their order and once each', async () => {
    t.world.slack.addUser({ id: ONCALL, name: 'olive', email: 'olive@acme.test' });
    await t.bot(t.world.env({ OVERSEER_CONFIG: writeConfigFile(escalationLines(ONCALL, '3s', '6s')) }));
    await openIncident();
    // When each step fires is the domain's, held with a test clock in test/escalation; here the
    // built bot shows them fire in their order, each once, the message saying what comes next.
    await t.world.slack.waitFor(() => dms().length > 0, 20_000);
    await t.world.slack.waitFor(() => visibleText(root()).includes('no escalation steps left'), 15_000);

    const log = writes();
    const at = (what: (write: (typeof log)[number]) => boolean) => log.findIndex(what);
    const rootPost = at((w) => w.method === 'chat.postMessage' && w.channel === CHANNEL && !w.thread);
    const mention = at(
      (w) => w.channel === CHANNEL && w.thread !== undefined && w.shown.includes(`<@${ONCALL}>`),
    );
    const dm = at((w) => w.method === 'chat.postMessage' && w.channel !== CHANNEL);
    const dmNext = at((w) => w.channel === CHANNEL && !w.thread && w.shown.includes('next: DM to on-call'));
    expect(log[rootPost]?.shown).toContain('Not acknowledged · next: mention on-call');
    expect(rootPost).toBeLessThan(mention);
    // Between the mention and the DM, the message said the DM was still to come.
    expect(mention).toBeLessThan(dmNext);
    expect(dmNext).toBeLessThan(dm);

    await cyclesGoBy(2);
    expect(mentions()).toHaveLength(1);
    expect(dms()).toHaveLength(1);
    expect(findButton(dms()[0]?.blocks, ACK_ACTION_ID)?.value).toMatch(/^acme\/widgets:ci\.yml:main#\d+$/);
    expect(visibleText(root())).toContain('Not acknowledged · no escalation steps left');
    t.world.slack.assertNoUnexpected();
  }, 60_000);

  it('a step that came due while the bot was killed is delivered once after the restart', async () => {
    t.world.slack.addUser({ id: ONCALL, name: 'olive', email: 'olive@acme.test' });
    const dataDir = mkdtempSync(join(tmpdir(), 'overseer-escalation-data-'));
    const env = t.world.env({
      OVERSEER_CONFIG: writeConfigFile(escalationLines(ONCALL, '4s', '30m')),
      OVERSEER_DATA_DIR: dataDir,
    });
    const first = await startBot(env);
    await openIncident();
    // Killed between steps: the first (the message itself) fired, the mention is pending. (Killed
    // in the middle of a Slack delivery, the embedded store drops the dead holder's outbox lease
    // when it opens again: see faults-kill.test.ts.)
    await t.world.slack.waitFor(() => visibleText(root()).includes('next: mention on-call'), 15_000);
    // The check that posted is over: the delivery recorded itself and let its lease go.
    await waitForMetric(first, /^overseer_ci_checks_total\{verdict="red",event="regression"\} 1$/m);
    await first.stop('SIGKILL');
    expect(mentions()).toHaveLength(0);

    await sleep(5_000); // the mention came due meanwhile
    await t.bot(env);
    await t.world.slack.waitFor(() => mentions().length > 0, 15_000);
    await cyclesGoBy(2);
    expect(mentions()).toHaveLength(1);
    expect(dms()).toHaveLength(0);
    expect(t.world.slack.messages(CHANNEL)).toHaveLength(1);
  }, 60_000);
});
