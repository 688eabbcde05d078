import { afterEach, describe, expect, it } from 'vitest';
import { createHealth, type Health, markDependency } from '../../src/core/health.js';
import { alertOutages } from '../../src/escalation/alert-outages.js';
import type { DecisionRule } from '../../src/escalation/domain/decision-rule.js';
import { renderOutageDm } from '../../src/platform/slack/escalation/outage-view.js';
import { type AppHarness, startAppHarness } from '../support/app-harness.js';
import { visibleText } from '../support/scenario.js';

const MIN = 60_000;
const INTERVAL = 5 * MIN;
const ADMIN = 'U0ADMIN';

describe('admins told of an outage of the loop, once per outage', () => {
  let h: AppHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  function setUp(app: AppHarness, rules: readonly DecisionRule[] = [], admins: readonly string[] = [ADMIN]) {
    app.slack.addUser({ id: ADMIN, name: 'ada', email: 'ada@acme.test' });
    const health: Health = createHealth(app.clock.now(), false);
    health.cycle.intervalMs = INTERVAL;
    health.cycle.lastCompletedAt = app.clock.now();
    const tell = () =>
      alertOutages({
        ...app.deps,
        health,
        admins,
        rules,
        text: (alert) => renderOutageDm(alert, app.clock.now()),
      });
    return { health, tell, dms: () => app.slack.messages(ADMIN) };
  }

  it('a loop stalled for 3 cycles DMs the admins once; a later stall is a new outage', async () => {
    h = await startAppHarness();
    const { health, tell, dms } = setUp(h);
    h.clock.advance(2 * INTERVAL + MIN); // stalled, 2 cycles: not yet
    expect(await tell()).toBe(0);
    h.clock.advance(INTERVAL);
    expect(await tell()).toBe(1);
    expect(visibleText(dms()[0])).toContain('the CI check loop has not completed a cycle for 16m');
    for (let i = 0; i < 5; i += 1) {
      h.clock.advance(INTERVAL);
      expect(await tell()).toBe(0);
    }
    health.cycle.lastCompletedAt = h.clock.now(); // running again
    expect(await tell()).toBe(0);
    h.clock.advance(3 * INTERVAL + MIN);
    expect(await tell()).toBe(1);
    expect(dms()).toHaveLength(2);
  });

  it('GitHub unreachable for 3 cycles DMs the admins once', async () => {
    h = await startAppHarness();
    const { health, tell, dms } = setUp(h);
    markDependency(health, 'github', false, h.clock.now(), 'timeout');
    h.clock.advance(INTERVAL);
    health.cycle.lastCompletedAt = h.clock.now();
    expect(await tell()).toBe(0);
    h.clock.advance(INTERVAL);
    health.cycle.lastCompletedAt = h.clock.now();
    expect(await tell()).toBe(1);
    h.clock.advance(INTERVAL);
    health.cycle.lastCompletedAt = h.clock.now();
    expect(await tell()).toBe(0);
    expect(dms()).toHaveLength(1);
    expect(visibleText(dms()[0])).toContain('GitHub has not answered Overseer');
  });

  it('a rule "loop-stalled → ignore" tells nobody', async () => {
    h = await startAppHarness();
    const { tell, dms } = setUp(h, [{ event: 'loop-stalled', action: 'ignore' }]);
    h.clock.advance(10 * INTERVAL);
    expect(await tell()).toBe(0);
    expect(dms()).toHaveLength(0);
  });

  it('each admin is DMed once per outage, whatever happens to the others’ DMs', async () => {
    h = await startAppHarness();
    const BEA = 'U0BEA';
    const GONE = 'U0GONE';
    h.slack.addUser({ id: BEA, name: 'bea' });
    const { tell, dms } = setUp(h, [], [ADMIN, GONE, BEA]);
    h.clock.advance(3 * INTERVAL + MIN);
    // Slack fails Bea's DM for a while; Slack refuses the unknown admin's for good.
    h.slack.failNext('chat.postMessage', { status: 500 }, 1, (params) =>
      [BEA, `D${BEA.slice(1)}`].includes(String(params.channel)),
    );
    expect(await tell()).toBe(1);
    expect(dms()).toHaveLength(1);
    expect(h.slack.messages(BEA)).toHaveLength(0);

    h.clock.advance(MIN);
    expect(await tell()).toBe(1);
    h.clock.advance(MIN);
    expect(await tell()).toBe(0);
    expect(dms()).toHaveLength(1);
    expect(h.slack.messages(BEA)).toHaveLength(1);
  });
});
