import { afterEach, describe, expect, it } from 'vitest';
import { checkWatch } from '../../src/check-watch.js';
import type { WatchTargetSource } from '../../src/ci/run-cycle.js';
import { createHealth } from '../../src/core/health.js';
import type { DecisionRule } from '../../src/escalation/domain/decision-rule.js';
import type { EscalationPolicy } from '../../src/escalation/domain/escalation-policy.js';
import { approveTask } from '../../src/fix-tasks/decide-task.js';
import {
  parseTaskButtonValue,
  TASK_APPROVE_ACTION_ID,
} from '../../src/platform/slack/fix-tasks/task-view.js';
import { ACK_ACTION_ID } from '../../src/platform/slack/incidents/incident-view.js';
import { renderStatus } from '../../src/platform/slack/talk/status-view.js';
import { createSettings } from '../../src/settings/settings.js';
import { describeStatus } from '../../src/talk/describe-status.js';
import {
  type AppHarness,
  type HarnessOptions,
  openIncident,
  startAppHarness,
} from '../support/app-harness.js';
import { fixTaskDeps } from '../support/fix-task-deps.js';
import { visibleText } from '../support/scenario.js';
import { findButton } from '../support/slack-payloads.js';

const MIN = 60_000;
const ONCALL = 'U0OLIVE';
const LEAD = 'U0LEAD';
/** On-call is only reached late on the usual schedule, so a page before then is a barge-in. */
const POLICY: EscalationPolicy = {
  steps: [
    { afterMs: 0, notify: 'channel' },
    { afterMs: 4 * 60 * MIN, mention: 'oncall' },
    { afterMs: 5 * 60 * MIN, dm: 'oncall' },
  ],
  repeat: 0,
};

async function world(options: HarnessOptions = {}): Promise<AppHarness> {
  const h = await startAppHarness({ policy: POLICY, oncall: { kind: 'users', users: [ONCALL] }, ...options });
  h.slack.addUser({ id: ONCALL, name: 'olive', email: 'olive@acme.test' });
  return h;
}

const thread = (h: AppHarness) => h.replies(h.messages()[0]).map((reply) => visibleText(reply));
const oncallMentions = (h: AppHarness) => thread(h).filter((text) => text.includes(`<@${ONCALL}>`));
const hereMentions = (h: AppHarness) => thread(h).filter((text) => text.includes('<!here>'));
const dms = (h: AppHarness) => h.slack.messages(ONCALL);

async function status(h: AppHarness): Promise<string> {
  const source: WatchTargetSource = {
    repo: h.target.watch.repo,
    workflow: h.target.watch.workflow,
    channel: h.target.channel,
    peek: () => h.target,
    resolve: async () => h.target,
    forget: () => {},
  };
  const report = await describeStatus({
    store: h.store,
    health: createHealth(h.clock.now(), false),
    clock: h.clock,
    settings: createSettings({
      store: h.store,
      clock: h.clock,
      log: h.deps.log,
      defaults: { enabled: true, originate: false },
    }),
    sources: () => [source],
  });
  return renderStatus(report);
}

describe('decisions on episode events', () => {
  let h: AppHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('a regression notifies: the incident message, on-call not paged before its step', async () => {
    h = await world();
    await openIncident(h);
    expect(h.messages()).toHaveLength(1);
    expect(oncallMentions(h)).toHaveLength(0);
    expect(await status(h)).toContain('notify: CI turned red');
  });

  it('still red past 2h barges in: on-call mentioned and DMed with @here at once, once', async () => {
    h = await world();
    await openIncident(h);
    h.clock.advance(2 * 60 * MIN);
    await h.check(); // exactly 2h: not more than 2h
    expect(oncallMentions(h)).toHaveLength(0);
    h.clock.advance(MIN);
    await h.check(); // no new run: the time alone decides
    expect(oncallMentions(h)).toHaveLength(1);
    expect(hereMentions(h)).toHaveLength(1);
    expect(dms(h)).toHaveLength(1);
    expect(findButton(dms(h)[0]?.blocks, ACK_ACTION_ID)).toBeDefined();
    expect(await status(h)).toMatch(
      /Last decision \(still-red, .*\): barge in: still red for 2h( 1m)? \(more than 2h\)/,
    );

    // Once: later looks, and the steps' own times, page nobody again.
    h.clock.advance(10 * MIN);
    await h.check();
    h.clock.advance(4 * 60 * MIN);
    expect(await h.fireDue()).toBe(0);
    await h.check();
    expect(oncallMentions(h)).toHaveLength(1);
    expect(hereMentions(h)).toHaveLength(1);
    expect(dms(h)).toHaveLength(1);
  });

  it('a third red commit barges in, and says why in the escalation line', async () => {
    h = await world();
    await openIncident(h);
    h.push('Try again', 'failure');
    await h.check();
    expect(oncallMentions(h)).toHaveLength(0);
    h.push('And again', 'failure');
    await h.check();
    expect(oncallMentions(h)).toHaveLength(1);
    expect(hereMentions(h)).toHaveLength(1);
    expect(dms(h)).toHaveLength(1);
    expect(visibleText(h.messages()[0])).toContain('Paged at once: still red across 3 commits (3 or more)');
  });

  it('a flaky failure posts no thread note: the day’s digest lists it, one message updated per flake', async () => {
    h = await world();
    const red = h.push('Add widgets', 'success');
    await h.check();
    const first = h.push('Break it', 'failure');
    await h.check();
    h.github.completeRerun(first.runId, { conclusion: 'success' });
    expect((await h.check()).event).toBe('flaky');
    expect(thread(h)).toEqual([]);
    const [, digest] = h.messages();
    expect(h.messages()).toHaveLength(2);
    expect(visibleText(digest)).toContain('Overseer digest for 2025-06-02 (UTC): 1 queued event');
    expect(visibleText(digest)).toContain(
      `flaky (a re-run passed): *acme/widgets* \`ci.yml\` on \`main\` at \`${first.sha.slice(0, 7)}\` (unit tests)`,
    );

    h.clock.advance(60 * MIN);
    const second = h.push('Break it again', 'failure');
    await h.check();
    h.github.completeRerun(second.runId, { conclusion: 'success' });
    await h.check();
    expect(h.messages()).toHaveLength(3); // two incidents and the one digest
    const digests = h.messages().filter((message) => visibleText(message).includes('Overseer digest'));
    expect(digests).toHaveLength(1);
    expect(visibleText(digests[0])).toContain('2 queued events');
    expect(red.sha).toBeDefined();
  });

  it('the digest line of a flake whose incident message was posted points at that message', async () => {
    h = await world();
    h.push('Add widgets', 'success');
    await h.check();
    const red = h.push('Break it', 'failure');
    await h.check();
    h.github.completeRerun(red.runId, { conclusion: 'success' });
    expect((await h.check()).event).toBe('flaky');
    const [incident, digest] = h.messages();
    const permalink = await h.deps.chat.permalink({ channel: h.target.channel, ts: String(incident?.ts) });
    expect(permalink).toMatch(/^https:\/\//);
    expect(visibleText(digest)).toContain(`told in place: <${permalink}|its incident message>`);
  });

  it('the digest line of a flake that was never posted (decided queue from the start) links no message', async () => {
    h = await world({ rules: [{ event: ['regression', 'flaky'], action: 'queue' }] });
    h.push('Add widgets', 'success');
    await h.check();
    const red = h.push('Break it', 'failure');
    await h.check();
    h.github.completeRerun(red.runId, { conclusion: 'success' });
    expect((await h.check()).event).toBe('flaky');
    const digests = h.messages();
    expect(digests).toHaveLength(1);
    expect(visibleText(digests[0])).toContain('flaky (a re-run passed)');
    expect(visibleText(digests[0])).not.toContain('told in place');
  });

  it('a rule "regression on acme/* → ignore" records the incident and pages nobody', async () => {
    const rules: DecisionRule[] = [{ event: 'regression', repo: 'acme/*', action: 'ignore' }];
    h = await world({ rules });
    await openIncident(h);
    h.clock.advance(6 * 60 * MIN);
    expect(await h.fireDue()).toBe(0);
    expect(h.messages()).toHaveLength(0);
    expect(dms(h)).toHaveLength(0);
    expect(await status(h)).toContain('ignore: rule 1: repo acme/* regression → ignore');
  });

  it('a DM sent for an incident that recovers without an ack says so and loses its button', async () => {
    h = await world({
      policy: {
        steps: [
          { afterMs: 0, notify: 'channel' },
          { afterMs: 15 * MIN, dm: 'oncall' },
        ],
        repeat: 0,
      },
    });
    await openIncident(h);
    h.clock.advance(15 * MIN);
    expect(await h.fireDue()).toBe(1);
    expect(findButton(dms(h)[0]?.blocks, ACK_ACTION_ID)).toBeDefined();
    h.push('Fix the parser', 'success');
    expect((await h.check()).event).toBe('recovered');
    expect(dms(h)).toHaveLength(1);
    expect(visibleText(dms(h)[0])).toContain('CI is green again on *acme/widgets*');
    expect(visibleText(dms(h)[0])).toContain('recovered');
    expect(findButton(dms(h)[0]?.blocks, ACK_ACTION_ID)).toBeUndefined();
  });
});

describe('decisions on fix tasks', () => {
  let h: AppHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('a started fix that fails barges in: the approvers, on-call and @here at once', async () => {
    h = await world({ approvers: [LEAD] });
    const app = h;
    const deps = fixTaskDeps(app, app.deps, { approvers: [LEAD] });
    app.push('Add widgets', 'success');
    await checkWatch(deps, app.target);
    const red = app.push('Break the widget parser', 'failure');
    await checkWatch(deps, app.target);
    const taskMessage = app.replies(app.messages()[0]).find((m) => /Fix task/.test(visibleText(m)));
    const value = parseTaskButtonValue(findButton(taskMessage?.blocks, TASK_APPROVE_ACTION_ID)?.value);
    if (value === undefined) throw new Error('no Approve & Start button');
    await approveTask(deps, { ...value, userId: LEAD });
    expect(oncallMentions(app)).toHaveLength(0);

    app.github.completeRun(red.runId, { conclusion: 'failure' });
    await checkWatch(deps, app.target);
    const alerts = thread(app).filter((text) => text.startsWith(':x:'));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toContain(`<@${LEAD}> Fix task T-1: it failed`);
    expect(oncallMentions(app)).toHaveLength(1);
    expect(hereMentions(app)).toHaveLength(1);
    expect(dms(app)).toHaveLength(1);
    expect(await status(app)).toContain('barge in: the fix failed');
  });
});
