import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACK_ACTION_ID, RERUN_ACTION_ID } from '../../src/platform/slack/incidents/incident-view.js';
import { type AppHarness, startAppHarness } from '../support/app-harness.js';
import type { SlackMessage } from '../support/fake-slack.js';
import { visibleText } from '../support/scenario.js';

/** The action IDs of a message's buttons, in order. */
function buttons(message: SlackMessage | undefined): string[] {
  const ids: string[] = [];
  for (const block of (message?.blocks ?? []) as { type: string; elements?: { action_id?: string }[] }[]) {
    if (block.type !== 'actions') continue;
    for (const element of block.elements ?? []) if (element.action_id) ids.push(element.action_id);
  }
  return ids;
}

describe('acknowledgeIncident', () => {
  let h: AppHarness;
  let incidentId: string;
  beforeEach(async () => {
    h = await startAppHarness();
    h.push('Add widgets', 'success');
    await h.check();
    h.push('Break the widget parser', 'failure');
    incidentId = (await h.check()).incidentId ?? '';
    expect(buttons(h.messages()[0])).toEqual([ACK_ACTION_ID, RERUN_ACTION_ID]);
  });
  afterEach(async () => {
    await h.close();
  });

  it('the first acknowledgement re-renders the message without its button and replies in the thread', async () => {
    h.clock.advance(5 * 60_000);
    expect(await h.acknowledge(incidentId, 'U0CAROL')).toBe('acknowledged');

    const [update] = h.slack.callsTo('chat.update');
    expect(update?.ok).toBe(true);
    const root = h.messages()[0];
    expect(visibleText(root)).toContain(':eyes: Acknowledged by <@U0CAROL>');
    expect(visibleText(root)).toContain(`<!date^${Math.floor(h.clock.now() / 1000)}^`);
    expect(buttons(root)).toEqual([RERUN_ACTION_ID]);
    const replies = h.replies(root);
    expect(replies.map((reply) => reply.text)).toEqual(['<@U0CAROL> acknowledged this incident.']);
    expect(h.topLevelPosts()).toBe(1);
  });

  it('a second acknowledgement answers already-acknowledged and changes nothing', async () => {
    await h.acknowledge(incidentId, 'U0CAROL');
    const before = await h.doc();
    const calls = h.slack.calls.length;

    expect(await h.acknowledge(incidentId, 'U0DAVE')).toBe('already-acknowledged');
    expect(await h.doc()).toEqual(before);
    expect(h.slack.calls).toHaveLength(calls);
    expect(visibleText(h.messages()[0])).toContain('Acknowledged by <@U0CAROL>');
  });

  it('the acknowledgement survives later updates of the incident', async () => {
    await h.acknowledge(incidentId, 'U0CAROL');
    h.push('Try to fix the parser', 'failure');
    await h.check();
    expect(visibleText(h.messages()[0])).toContain('Acknowledged by <@U0CAROL>');
    expect(buttons(h.messages()[0])).toEqual([RERUN_ACTION_ID]);
  });

  it('an incident that recovered answers resolved', async () => {
    h.push('Fix the parser', 'success');
    await h.check();
    const calls = h.slack.calls.length;
    expect(await h.acknowledge(incidentId, 'U0CAROL')).toBe('resolved');
    expect(h.slack.calls).toHaveLength(calls);
  });

  it('the previous incident, once a new one is open, answers resolved', async () => {
    h.push('Fix the parser', 'success');
    await h.check();
    h.push('Break it again', 'failure');
    const next = (await h.check()).incidentId;
    expect(next).not.toBe(incidentId);
    expect(await h.acknowledge(incidentId, 'U0CAROL')).toBe('resolved');
    expect(await h.acknowledge(next ?? '', 'U0CAROL')).toBe('acknowledged');
  });

  it('an unknown incident answers not-found without touching Slack', async () => {
    const calls = h.slack.calls.length;
    expect(await h.acknowledge('acme/other:ci.yml:main#1', 'U0CAROL')).toBe('not-found');
    expect(await h.acknowledge(incidentId.replace(/#1$/, '#7'), 'U0CAROL')).toBe('not-found');
    expect(await h.acknowledge('garbage', 'U0CAROL')).toBe('not-found');
    expect(h.slack.calls).toHaveLength(calls);
  });
});
