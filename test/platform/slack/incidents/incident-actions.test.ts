import { describe, expect, it } from 'vitest';
import type { Chat } from '../../../../src/core/ports.js';
import type { AckOutcome } from '../../../../src/incidents/acknowledge-incident.js';
import {
  ACK_REPLIES,
  type IncidentActionDeps,
  REPEAT_QUIET_MS,
  registerIncidentActions,
} from '../../../../src/platform/slack/incidents/incident-actions.js';
import { ACK_ACTION_ID } from '../../../../src/platform/slack/incidents/incident-view.js';
import type { ListenerApp } from '../../../../src/platform/slack/listener-router.js';

type Listener = (args: Record<string, unknown>) => Promise<void>;

/** The Acknowledge listener on a recording stand-in for Bolt, with the replies it sent. */
function acknowledgeButton(outcome: AckOutcome, failFirst = 0) {
  let now = 1_000_000;
  let failures = failFirst;
  const sent: string[] = [];
  const listeners = new Map<string, Listener>();
  const app = { action: (id: string, listener: Listener) => void listeners.set(id, listener), view() {} };
  const chat = {
    ephemeral: async (channel: string, user: string, text: string) => {
      if (failures > 0) {
        failures -= 1;
        throw new Error('chat.postEphemeral failed');
      }
      sent.push(`${channel} ${user} ${text}`);
    },
  } as Partial<Chat> as Chat;
  const deps = {
    chat,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    now: () => now,
    acknowledge: async () => outcome,
  } as Partial<IncidentActionDeps> as IncidentActionDeps;
  registerIncidentActions(app as unknown as ListenerApp, deps);
  const click = async (user: string, channel = 'C0INCIDENTS') =>
    listeners.get(ACK_ACTION_ID)?.({
      ack: async () => {},
      body: { user: { id: user }, channel: { id: channel } },
      action: { action_id: ACK_ACTION_ID, value: 'acme/widgets:ci.yml:main#1' },
    });
  return {
    click,
    sent,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const ALREADY = ACK_REPLIES['already-acknowledged'];

describe('the Acknowledge button’s replies', () => {
  it('tells a person once that the incident was already acknowledged, however often they click within REPEAT_QUIET_MS', async () => {
    const button = acknowledgeButton('already-acknowledged');
    await Promise.all([button.click('U0BOB'), button.click('U0BOB')]);
    await button.click('U0BOB');
    expect(button.sent).toEqual([`C0INCIDENTS U0BOB ${ALREADY}`]);
    button.advance(REPEAT_QUIET_MS);
    await button.click('U0BOB');
    expect(button.sent).toEqual([`C0INCIDENTS U0BOB ${ALREADY}`, `C0INCIDENTS U0BOB ${ALREADY}`]);
  });

  it('tells each person, and in each channel, for themselves', async () => {
    const button = acknowledgeButton('already-acknowledged');
    await button.click('U0BOB');
    await button.click('U0CAROL');
    await button.click('U0BOB', 'C0OTHER');
    expect(button.sent).toEqual([
      `C0INCIDENTS U0BOB ${ALREADY}`,
      `C0INCIDENTS U0CAROL ${ALREADY}`,
      `C0OTHER U0BOB ${ALREADY}`,
    ]);
  });

  it('tries again on the next click when the reply failed', async () => {
    const button = acknowledgeButton('resolved', 1);
    await button.click('U0BOB');
    await button.click('U0BOB');
    expect(button.sent).toEqual([`C0INCIDENTS U0BOB ${ACK_REPLIES.resolved}`]);
  });

  it('says nothing to the person who acknowledged it', async () => {
    const button = acknowledgeButton('acknowledged');
    await button.click('U0BOB');
    expect(button.sent).toEqual([]);
  });
});
