import { createClient } from '@keyv/redis';
import { afterEach, describe, expect, it } from 'vitest';
import { ESCALATION_QUEUE } from '../../src/escalation/fire-due-steps.js';
import { ACK_ACTION_ID } from '../../src/platform/slack/incidents/incident-view.js';
import {
  type AppHarness,
  type HarnessOptions,
  openIncident,
  type Replica,
  startAppHarness,
} from '../support/app-harness.js';
import { MENTION_THEN_DM, MIN, ONCALL } from '../support/escalation-policy.js';
import { visibleText } from '../support/scenario.js';
import { findButton } from '../support/slack-payloads.js';

const MANAGER = 'U0MANAGER';
const POLICY = MENTION_THEN_DM;

async function world(options: HarnessOptions = {}): Promise<AppHarness> {
  const h = await startAppHarness({
    policy: POLICY,
    oncall: { kind: 'users', users: [ONCALL] },
    ...options,
  });
  h.slack.addUser({ id: ONCALL, name: 'olive', email: 'olive@acme.test' });
  h.slack.addUser({ id: MANAGER, name: 'manny', email: 'manny@acme.test' });
  return h;
}

const mentions = (h: AppHarness) =>
  h.replies(h.messages()[0]).filter((reply) => reply.text.includes(`<@${ONCALL}>`));
const dms = (h: AppHarness, user = ONCALL) => h.slack.messages(user);
const root = (h: AppHarness) => visibleText(h.messages()[0]);

describe('escalation steps of an incident', () => {
  let h: AppHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('mentions on-call in the thread at 15 min and DMs them at 30 min, each once', async () => {
    h = await world();
    const id = await openIncident(h);
    expect(await h.fireDue()).toBe(0); // 0m: the incident message itself, fired as it opened
    expect(h.replies(h.messages()[0])).toHaveLength(0);
    expect(root(h)).toContain('Not acknowledged · next: mention on-call in 15 min');

    h.clock.advance(15 * MIN - 1_000);
    expect(await h.fireDue()).toBe(0);
    expect(mentions(h)).toHaveLength(0);
    h.clock.advance(1_000);
    expect(await h.fireDue()).toBe(1);
    expect(await h.fireDue()).toBe(0);
    expect(mentions(h)).toHaveLength(1);
    expect(dms(h)).toHaveLength(0);
    expect(root(h)).toContain(`next: DM to on-call in 15 min`);

    h.clock.advance(15 * MIN);
    expect(await h.fireDue()).toBe(1);
    expect(await h.fireDue()).toBe(0);
    h.clock.advance(60 * MIN);
    expect(await h.fireDue()).toBe(0);
    expect(mentions(h)).toHaveLength(1);
    const [dm] = dms(h);
    expect(dms(h)).toHaveLength(1);
    expect(visibleText(dm)).toContain('nobody has acknowledged it');
    const permalink = `https://fake-team.slack.com/archives/${h.target.channel}/p${h.messages()[0]?.ts.replace('.', '')}`;
    expect(visibleText(dm)).toContain(permalink);
    expect(findButton(dm?.blocks, ACK_ACTION_ID)?.value).toBe(id);
    expect(root(h)).toContain('Not acknowledged · no escalation steps left');
    expect(await h.store.claimDue(ESCALATION_QUEUE, h.clock.now() + 365 * 24 * 60 * MIN, 1_000, 10)).toEqual(
      [],
    );
  });

  it('an acknowledgement before the DM step means no DM, and the message says who and when', async () => {
    h = await world();
    const id = await openIncident(h);
    h.clock.advance(15 * MIN);
    await h.fireDue();
    expect(mentions(h)).toHaveLength(1);
    h.clock.advance(3 * MIN);
    expect(await h.acknowledge(id, 'U0BOB')).toBe('acknowledged');
    h.clock.advance(60 * MIN);
    expect(await h.fireDue()).toBe(0);
    expect(dms(h)).toHaveLength(0);
    expect(root(h)).toContain('Acknowledged by <@U0BOB> 18 min after opening');
  });

  it('a DM already sent is updated to say who acknowledged, without its button', async () => {
    h = await world();
    const id = await openIncident(h);
    h.clock.advance(30 * MIN);
    expect(await h.fireDue()).toBe(2); // the process was down: every step owed fires, once each
    expect(mentions(h)).toHaveLength(1);
    expect(findButton(dms(h)[0]?.blocks, ACK_ACTION_ID)).toBeDefined();
    expect(await h.acknowledge(id, 'U0BOB')).toBe('acknowledged');
    const [dm] = dms(h);
    expect(dms(h)).toHaveLength(1);
    expect(visibleText(dm)).toContain('<@U0BOB> acknowledged the CI incident');
    expect(findButton(dm?.blocks, ACK_ACTION_ID)).toBeUndefined();
  });

  it('recovery stops the steps', async () => {
    h = await world();
    await openIncident(h);
    h.clock.advance(5 * MIN);
    h.push('Fix the widget parser', 'success');
    expect((await h.check()).event).toBe('recovered');
    h.clock.advance(60 * MIN);
    expect(await h.fireDue()).toBe(0);
    expect(mentions(h)).toHaveLength(0);
    expect(dms(h)).toHaveLength(0);
    expect(root(h)).toContain('Not acknowledged · resolved 5 min after opening');
  });

  it('a step that fired under a token acknowledged since does nothing', async () => {
    h = await world();
    const id = await openIncident(h);
    await h.fireDue();
    h.clock.advance(15 * MIN);
    // Slack refuses the mention: the step is recorded as fired, its action stays owed.
    h.slack.failNext('chat.postMessage', { error: 'fatal_error' });
    expect(await h.fireDue()).toBe(1);
    expect((await h.doc()).value.outbox.map((item) => item.kind)).toContain('page');
    expect(await h.acknowledge(id, 'U0BOB')).toBe('acknowledged');
    expect((await h.doc()).value.outbox).toEqual([]);
    expect(mentions(h)).toHaveLength(0);
  });

  it('DMs a user group on call, looked up when the step fires, and the step list names user IDs', async () => {
    h = await world({
      oncall: { kind: 'usergroup', id: 'S0ONCALL' },
      policy: { steps: [{ afterMs: 10 * MIN, dm: 'oncall', mention: [MANAGER] }], repeat: 0 },
    });
    h.slack.addUsergroup('S0ONCALL', [ONCALL, MANAGER]);
    await openIncident(h);
    h.clock.advance(10 * MIN);
    expect(await h.fireDue()).toBe(1);
    expect(dms(h, ONCALL)).toHaveLength(1);
    expect(dms(h, MANAGER)).toHaveLength(1);
    expect(h.replies(h.messages()[0]).filter((reply) => reply.text.includes(`<@${MANAGER}>`))).toHaveLength(
      1,
    );
  });

  it('an incident stored before escalation existed loads and is never escalated', async () => {
    h = await startAppHarness({ oncall: { kind: 'users', users: [ONCALL] } });
    const id = await openIncident(h);
    expect((await h.doc()).value.current?.incident.escalation).toBeUndefined();
    h.clock.advance(60 * MIN);
    expect(await h.fireDue()).toBe(0);
    expect(await h.acknowledge(id, 'U0BOB')).toBe('acknowledged');
    expect(root(h)).not.toContain('Not acknowledged');
  });
});

const redisUrl = process.env.REDIS_URL;
/** A database of its own, so other suites sharing this Redis do not see these keys. */
const DB = 5;

describe.skipIf(!redisUrl)('escalation across three replicas on one Redis', () => {
  const url = `${redisUrl?.replace(/\/\d*$/, '')}/${DB}`;
  let h: AppHarness | undefined;
  let others: Replica[] = [];
  afterEach(async () => {
    for (const other of others) await other.close();
    others = [];
    await h?.close();
    h = undefined;
  });

  it('each step is delivered once although every replica ticks at once', async () => {
    const client = createClient({ url });
    await client.connect();
    await client.flushDb();
    await client.quit();
    h = await world({ redisUrl: url });
    others = [await h.replica(), await h.replica()];
    await openIncident(h);
    const tickAll = async () => {
      const [a, b, c] = [h?.fireDue(), ...others.map((other) => other.fireDue())];
      return (await Promise.all([a, b, c])).reduce((sum: number, n) => sum + (n ?? 0), 0);
    };
    for (let minute = 0; minute <= 40; minute += 1) {
      // A look at the watch on one replica (it re-queues the incident) races the ticks.
      const [fired] = await Promise.all([tickAll(), others[0]?.check()]);
      expect(fired).toBeLessThanOrEqual(1);
      h.clock.advance(MIN);
    }
    expect(mentions(h)).toHaveLength(1);
    expect(dms(h)).toHaveLength(1);
    expect((await h.doc()).value.current?.incident.escalation?.fired).toEqual(['r0s0', 'r0s1', 'r0s2']);
  });
});
