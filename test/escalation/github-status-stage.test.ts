import { afterEach, describe, expect, it } from 'vitest';
import type { DecisionRule } from '../../src/escalation/domain/decision-rule.js';
import type { GithubStatusReading } from '../../src/escalation/domain/github-status.js';
import { GITHUB_STATUS_KEY } from '../../src/escalation/poll-github-status.js';
import {
  type AppHarness,
  type HarnessOptions,
  openIncident,
  startAppHarness,
} from '../support/app-harness.js';
import { MENTION_THEN_DM, MIN, ONCALL } from '../support/escalation-policy.js';
import { visibleText } from '../support/scenario.js';

const POLICY = MENTION_THEN_DM;

async function world(options: HarnessOptions = {}): Promise<AppHarness> {
  const h = await startAppHarness({ policy: POLICY, oncall: { kind: 'users', users: [ONCALL] }, ...options });
  h.slack.addUser({ id: ONCALL, name: 'olive', email: 'olive@acme.test' });
  return h;
}

/** The reading pollGithubStatus would have stored, read `ago` before the harness's now. */
async function githubSays(h: AppHarness, actions: string, ago = 0): Promise<void> {
  const stored = await h.store.get<GithubStatusReading>(GITHUB_STATUS_KEY);
  const reading: GithubStatusReading = { readAt: h.clock.now() - ago, etag: 'W/"x"', actions };
  const put = await h.store.put(GITHUB_STATUS_KEY, reading, stored?.version ?? 0);
  expect(put.ok).toBe(true);
}

const pages = (h: AppHarness) => [
  ...h.slack.messages(ONCALL),
  ...h
    .messages()
    .flatMap((root) => h.replies(root))
    .filter((reply) => reply.text.includes(`<@${ONCALL}>`)),
];

/** Every escalation step of the policy comes due, and then some. */
async function waitOutThePolicy(h: AppHarness): Promise<void> {
  for (let minute = 0; minute < 70; minute += 5) {
    h.clock.advance(5 * MIN);
    await h.fireDue();
  }
}

describe('a red during a GitHub Actions outage', () => {
  let h: AppHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('is posted saying GitHub reports the outage, and pages nobody, also once Actions is operational again', async () => {
    h = await world();
    await githubSays(h, 'partial_outage');
    await openIncident(h);
    const text = visibleText(h.messages()[0]);
    expect(text).toContain('GitHub reports Actions: partial outage');
    expect(text).toContain('nobody is paged for this red');
    expect(h.messages()[0]?.text).toContain('GitHub reports Actions: partial outage');
    const incident = (await h.doc()).value.current?.incident;
    expect(incident?.githubReport).toEqual({ component: 'Actions', status: 'partial_outage' });
    expect(incident?.escalation).toBeUndefined();

    await githubSays(h, 'operational');
    await waitOutThePolicy(h);
    expect(pages(h)).toEqual([]);
    // Red for hours: the long-red barge-in finds no escalation to page with either.
    h.clock.advance(3 * 60 * MIN);
    await h.check();
    await h.fireDue();
    expect(pages(h)).toEqual([]);
  });

  it('once Actions is operational again, the next look says so in its thread, once, and still pages nobody', async () => {
    h = await world();
    await githubSays(h, 'partial_outage');
    await openIncident(h);
    h.clock.advance(MIN);
    await h.check();
    expect(h.replies(h.messages()[0])).toEqual([]);

    await githubSays(h, 'operational');
    h.clock.advance(MIN);
    await h.check();
    const notes = h.replies(h.messages()[0]).map((reply) => reply.text);
    expect(notes).toEqual([expect.stringContaining('GitHub reports Actions operational again')]);
    expect(notes[0]).toContain('(when this red opened: partial outage)');
    const root = visibleText(h.messages()[0]);
    expect(root).toContain('GitHub reported Actions: partial outage when this opened; operational again now');
    expect(root).toContain('nobody was paged for this red');
    expect(h.messages()[0]?.text).not.toContain('GitHub reports');
    const report = (await h.doc()).value.current?.incident.githubReport;
    expect(report?.operationalAgainAt).toBe(h.clock.now());

    h.clock.advance(MIN);
    await githubSays(h, 'operational');
    await h.check();
    expect(h.replies(h.messages()[0])).toHaveLength(1);
    await waitOutThePolicy(h);
    expect(pages(h)).toEqual([]);
  });

  it('a reading too old to say anything does not say Actions is operational again', async () => {
    h = await world();
    await githubSays(h, 'partial_outage');
    await openIncident(h);
    await githubSays(h, 'operational', 11 * MIN);
    h.clock.advance(MIN);
    await h.check();
    expect(h.replies(h.messages()[0])).toEqual([]);
    expect((await h.doc()).value.current?.incident.githubReport?.operationalAgainAt).toBeUndefined();
  });

  it('a red after Actions is operational again pages as usual', async () => {
    h = await world();
    await githubSays(h, 'major_outage');
    await openIncident(h);
    await githubSays(h, 'operational');
    h.push('Fix the parser', 'success');
    expect((await h.check()).event).toBe('recovered');
    h.push('Break it again', 'failure');
    expect((await h.check()).event).toBe('regression');
    const second = h.messages().at(-1);
    expect(visibleText(second)).not.toContain('GitHub reports');
    h.clock.advance(15 * MIN);
    expect(await h.fireDue()).toBe(1);
    expect(h.replies(second).filter((reply) => reply.text.includes(`<@${ONCALL}>`))).toHaveLength(1);
  });

  it('a reading older than 10 minutes says nothing: the red pages as usual', async () => {
    h = await world();
    await githubSays(h, 'major_outage', 10 * MIN + 1);
    await openIncident(h);
    expect(visibleText(h.messages()[0])).not.toContain('GitHub reports');
    h.clock.advance(15 * MIN);
    expect(await h.fireDue()).toBe(1);
    expect(pages(h)).toHaveLength(1);
  });

  it('no reading at all (never read, or turned off): the red pages as usual', async () => {
    h = await world();
    await openIncident(h);
    h.clock.advance(15 * MIN);
    expect(await h.fireDue()).toBe(1);
    expect(pages(h)).toHaveLength(1);
  });

  it('a rule that pages at once on a regression is held too: nobody is paged', async () => {
    const rules: DecisionRule[] = [{ event: 'regression', action: 'barge_in' }];
    h = await world({ rules });
    await githubSays(h, 'degraded_performance');
    await openIncident(h);
    expect(visibleText(h.messages()[0])).toContain('GitHub reports Actions: degraded performance');
    expect(visibleText(h.messages()[0])).not.toContain('Paged at once');
    await waitOutThePolicy(h);
    expect(pages(h)).toEqual([]);
  });

  it('the same rule pages at once when Actions is operational (the rule itself works here)', async () => {
    const rules: DecisionRule[] = [{ event: 'regression', action: 'barge_in' }];
    h = await world({ rules });
    await githubSays(h, 'operational');
    await openIncident(h);
    expect(pages(h).length).toBeGreaterThan(0);
  });

  it('an incident opened after an automatic re-run failed too is held the same way', async () => {
    h = await world({ flakeRetry: 'all' });
    await githubSays(h, 'major_outage');
    h.push('Add widgets', 'success');
    await h.check();
    const red = h.push('Break the widget parser', 'failure');
    await h.check();
    expect((await h.doc()).value.pendingRetry).toBeDefined();
    expect(h.incidentPosts()).toBe(0);
    h.github.completeRerun(red.runId, { conclusion: 'failure' });
    h.clock.advance(MIN);
    await h.check();
    expect(h.incidentPosts()).toBe(1);
    expect(visibleText(h.messages()[0])).toContain('GitHub reports Actions: major outage');
    expect((await h.doc()).value.current?.incident.escalation).toBeUndefined();
    await waitOutThePolicy(h);
    expect(pages(h)).toEqual([]);
  });
});
