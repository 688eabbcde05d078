import { createClient } from '@keyv/redis';
import { afterEach, describe, expect, it } from 'vitest';
import { checkWatch } from '../../src/check-watch.js';
import { watchKey } from '../../src/core/domain/types.js';
import type { EscalationPolicy } from '../../src/escalation/domain/escalation-policy.js';
import { OWED_DRAINS } from '../../src/incidents/drain-outbox.js';
import { drainOwed } from '../../src/incidents/drain-owed.js';
import { type AppHarness, type HarnessOptions, startAppHarness } from '../support/app-harness.js';
import { visibleText } from '../support/scenario.js';

const redisUrl = process.env.REDIS_URL;
/** A database of its own, so other suites sharing this Redis do not see these keys. */
const DB = 13;
/** The outbox lease the drains take (the owed drains' due times follow it, on the test clock). */
const LEASE_MS = 60_000;
const ONCALL = 'U0OLIVE';
const POLICY: EscalationPolicy = {
  steps: [
    { afterMs: 0, notify: 'channel' },
    { afterMs: 60_000, mention: 'oncall' },
  ],
  repeat: 0,
};

/**
 * Slack work a replica recorded and could not deliver: the watch's outbox is owed a drain that
 * the owed-drain tick makes (a second at most after it comes due, on any replica), not the
 * watch's next look, which can be 15 minutes away when webhooks speak for it.
 */
describe.each([
  { store: 'embedded', redis: undefined },
  ...(redisUrl ? [{ store: 'redis', redis: `${redisUrl.replace(/\/\d*$/, '')}/${DB}` }] : []),
])('owed drains on the $store store', ({ redis }) => {
  let h: AppHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function world(options: HarnessOptions = {}): Promise<AppHarness> {
    if (redis) {
      const client = createClient({ url: redis });
      await client.connect();
      await client.flushDb();
      await client.quit();
    }
    h = await startAppHarness({
      outboxLeaseMs: LEASE_MS,
      policy: POLICY,
      oncall: { kind: 'users', users: [ONCALL] },
      ...(redis ? { redisUrl: redis } : {}),
      ...options,
    });
    h.slack.addUser({ id: ONCALL, name: 'olive', email: 'olive@acme.test' });
    return h;
  }
  /** One tick of the owed-drain job, as each replica runs it every second. */
  const tick = (on: AppHarness) =>
    drainOwed({
      ...on.deps,
      findTarget: async (key) => (key === watchKey(on.target.watch) ? on.target : undefined),
    });
  const leaseKey = (on: AppHarness) => `lease:outbox:${watchKey(on.target.watch)}`;
  /** The lease a replica took and then died holding; `leaseRanOut` stands for its expiry. */
  const diedHoldingLease = (on: AppHarness) => on.store.setIfAbsent(leaseKey(on), 'dead-replica', LEASE_MS);
  const leaseRanOut = (on: AppHarness) => on.store.releaseMarker(leaseKey(on), 'dead-replica');
  const owedAt = async (on: AppHarness) =>
    (await on.store.claimDue(OWED_DRAINS, Number.MAX_SAFE_INTEGER, 1, 10)).map((due) => due.member);

  it('an incident recorded while a dead replica holds the lease is posted by the tick once the lease ran out', async () => {
    const on = await world();
    on.push('Add widgets', 'success');
    await on.check();
    await diedHoldingLease(on);
    on.push('Break the widget parser', 'failure');

    const result = await on.check();
    expect(result.delivery.delivered).toBe(0);
    expect(on.messages()).toEqual([]);
    // Before the lease can have run out, the tick has nothing due.
    expect(await tick(on)).toBe(0);
    expect(on.messages()).toEqual([]);
    // Tried again while the dead replica's lease still stands: nothing delivered, still owed.
    on.clock.advance(LEASE_MS);
    expect(await tick(on)).toBe(0);
    expect(on.messages()).toEqual([]);

    await leaseRanOut(on);
    on.clock.advance(LEASE_MS);
    expect(await tick(on)).toBeGreaterThan(0);
    expect(on.incidentPosts()).toBe(1);
    expect((await on.doc()).value.outbox).toEqual([]);
    // Done: not owed again, and a later tick delivers nothing twice.
    expect(await tick(on)).toBe(0);
    expect(on.incidentPosts()).toBe(1);
  });

  it('an escalation step fired while a dead replica holds the lease reaches on-call once the lease ran out', async () => {
    const on = await world();
    on.push('Add widgets', 'success');
    await on.check();
    on.push('Break the widget parser', 'failure');
    await on.check();
    expect(on.incidentPosts()).toBe(1);

    await diedHoldingLease(on);
    on.clock.advance(60_000);
    expect(await on.fireDue()).toBe(1);
    const mentions = () =>
      on.replies(on.messages()[0]).filter((reply) => visibleText(reply).includes(`<@${ONCALL}>`));
    expect(mentions()).toHaveLength(0);

    await leaseRanOut(on);
    on.clock.advance(LEASE_MS);
    await tick(on);
    expect(mentions()).toHaveLength(1);
    // The step is not fired again, and nothing is owed any more.
    expect(await on.fireDue()).toBe(0);
    expect(await tick(on)).toBe(0);
    expect(mentions()).toHaveLength(1);
  });

  it('a Slack failure owes the drain a retry: the tick delivers it once Slack answers', async () => {
    const on = await world();
    on.push('Add widgets', 'success');
    await on.check();
    on.slack.failNext('chat.postMessage', { status: 500 });
    on.push('Break the widget parser', 'failure');
    const result = await on.check();
    expect(result.delivery.failed).toBe(true);
    expect(on.messages()).toEqual([]);
    // Not at once: Slack just failed.
    expect(await tick(on)).toBe(0);

    on.clock.advance(30_000);
    expect(await tick(on)).toBeGreaterThan(0);
    expect(on.incidentPosts()).toBe(1);
    expect(await owedAt(on)).toEqual([]);
  });

  it('a watch that left the config is no longer owed a drain', async () => {
    const on = await world();
    await on.store.schedule(OWED_DRAINS, 'acme/gone:ci.yml:main', on.clock.now());
    expect(await tick(on)).toBe(0);
    expect(await owedAt(on)).toEqual([]);
  });

  it('a process that is stopping takes no lease: the incident it recorded is owed at once, and another replica posts it', async () => {
    const on = await world();
    on.push('Add widgets', 'success');
    await on.check();
    on.push('Break the widget parser', 'failure');
    const result = await checkWatch({ ...on.deps, stopping: () => true }, on.target);
    expect(result.event).toBe('regression');
    expect(result.delivery).toMatchObject({ delivered: 0, owed: true });
    expect(on.messages()).toEqual([]);
    expect(await on.store.getMarker(leaseKey(on))).toBeUndefined();

    expect(await tick(on)).toBeGreaterThan(0);
    expect(on.incidentPosts()).toBe(1);
    expect(await owedAt(on)).toEqual([]);
  });

  it('a SIGTERM in the middle of a drain: the Slack call under way completes, the lease is let go, the rest is owed at once', async () => {
    const on = await world();
    on.push('Add widgets', 'success');
    await on.check();
    let stopping = false;
    const hold = on.slack.hold('chat.postMessage');
    on.push('Break the widget parser', 'failure');
    const checking = checkWatch({ ...on.deps, stopping: () => stopping }, on.target);
    await hold.reached;
    // The mention step comes due while the incident's post is under way: queued behind it.
    on.clock.advance(60_000);
    expect(await on.fireDue()).toBe(1);
    // (With a render of the step's "next: ..." that takes the waiting render's place.)
    const queued = (await on.doc()).value.outbox.map((item) => item.kind);
    expect(queued.sort()).toEqual(['page', 'render']);
    stopping = true;
    hold.release();
    const result = await checking;
    expect(result.delivery).toMatchObject({ delivered: 1, pending: 2, owed: true });
    expect(on.incidentPosts()).toBe(1);
    expect(on.replies(on.messages()[0])).toEqual([]);
    expect(await on.store.getMarker(leaseKey(on))).toBeUndefined();

    expect(await tick(on)).toBeGreaterThan(0);
    expect((await on.doc()).value.outbox).toEqual([]);
    expect(on.replies(on.messages()[0]).map((reply) => reply.text)).toEqual([
      expect.stringContaining(ONCALL),
    ]);
    expect(await owedAt(on)).toEqual([]);
  });
});
