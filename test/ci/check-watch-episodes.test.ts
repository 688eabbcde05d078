import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppHarness, startAppHarness } from '../support/app-harness.js';
import { BOB, REPO, visibleText } from '../support/scenario.js';

const HOUR_MS = 60 * 60_000;
const short = (sha: string) => sha.slice(0, 7);
const runUrl = (runId: number) => `https://github.com/${REPO}/actions/runs/${runId}`;

describe('checkWatch through the real clients', () => {
  let h: AppHarness;
  beforeEach(async () => {
    h = await startAppHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  const root = () => h.messages()[0];
  const updates = () => h.slack.callsTo('chat.update').length;

  /** Green, then a red commit after one more untested commit: an open incident. */
  async function openIncident() {
    const green = h.push('Add widgets', 'success');
    await h.check();
    const tidy = h.github.addCommit(REPO, { message: 'Tidy the docs', author: BOB });
    const red = h.push('Break the widget parser\n\nLonger body', 'failure', BOB);
    const result = await h.check();
    return { green, tidy, red, result };
  }

  it('first green is quiet: no Slack call', async () => {
    h.push('Add widgets', 'success');
    const result = await h.check();
    expect(result).toMatchObject({ verdict: 'green', delivery: { delivered: 0, pending: 0, failed: false } });
    expect(h.slack.calls).toHaveLength(0);
  });

  it('green then red posts one incident naming the run, the failing job and step, and the suspects', async () => {
    const { green, tidy, red, result } = await openIncident();
    expect(result).toMatchObject({ verdict: 'red', event: 'regression', delivery: { delivered: 1 } });
    expect(h.topLevelPosts()).toBe(1);
    expect(h.messages()).toHaveLength(1);
    const text = visibleText(root());
    expect(text).toContain(runUrl(red.runId));
    expect(text).toContain('unit tests');
    expect(text).toContain('Run npm test');
    expect(text).not.toContain('Run lint');
    expect(text).toContain(`last green \`${short(green.sha)}\`..first red \`${short(red.sha)}\``);
    expect(text).toMatch(
      new RegExp(
        `\`${short(red.sha)}\` <[^|>]*/acme/widgets/commit/${red.sha}\\|Break the widget parser> — bob`,
      ),
    );
    expect(text).toMatch(
      new RegExp(`\`${short(tidy)}\` <[^|>]*/acme/widgets/commit/${tidy}\\|Tidy the docs> — bob`),
    );
    expect(text).not.toContain('Longer body');
    expect(text.indexOf(short(red.sha))).toBeLessThan(text.indexOf(short(tidy)));
    expect(text).toContain('Acknowledge');
  });

  it('a red commit after 299 untested ones leads the suspects; the 275 not kept are counted', async () => {
    const green = h.push('Add widgets', 'success');
    await h.check();
    const untested = Array.from({ length: 299 }, (_, i) =>
      h.github.addCommit(REPO, { message: `Refactor step ${i + 1}`, author: BOB }),
    );
    const red = h.push('Break the widget parser', 'failure', BOB);
    await h.check();
    const incident = (await h.doc()).value.current?.incident;
    expect(incident?.suspects.map((commit) => commit.sha)).toEqual([
      red.sha,
      ...untested.slice(-24).reverse(),
    ]);
    expect(incident?.suspectsOmitted).toBe(275);
    const text = visibleText(root());
    expect(text).toContain(`last green \`${short(green.sha)}\`..first red \`${short(red.sha)}\``);
    expect(text).toMatch(
      new RegExp(
        `\`${short(red.sha)}\` <[^|>]*/acme/widgets/commit/${red.sha}\\|Break the widget parser> — bob`,
      ),
    );
    expect(text).toContain('…and 290 more');
  });

  it('checking the same red again posts nothing, updates nothing and writes nothing', async () => {
    await openIncident();
    const before = await h.doc();
    const again = await h.check();
    await h.check();
    expect(again).toMatchObject({ verdict: 'red', delivery: { delivered: 0, pending: 0 } });
    expect(again.event).toBeUndefined();
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(updates()).toBe(0);
    expect((await h.doc()).version).toBe(before.version);
  });

  it('still red at a new commit updates the message in place and replies naming the new commit', async () => {
    await openIncident();
    const next = h.push('Try to fix the parser', 'failure');
    const result = await h.check();
    expect(result.event).toBe('still-red');
    expect(updates()).toBe(1);
    expect(h.topLevelPosts()).toBe(1);
    expect(visibleText(root())).toContain(runUrl(next.runId));
    expect(visibleText(root())).toContain(`Still red at \`${short(next.sha)}\``);
    const replies = h.replies(root());
    expect(replies).toHaveLength(1);
    expect(visibleText(replies[0])).toContain(`Still red at \`${short(next.sha)}\` Try to fix the parser`);
  });

  it('a re-run of the same commit that fails again shows attempt 2 and replies "failed again"', async () => {
    const { red } = await openIncident();
    expect(h.github.completeRerun(red.runId, { conclusion: 'failure' })).toBe(2);
    const result = await h.check();
    expect(result.event).toBe('still-red');
    expect(updates()).toBe(1);
    expect(visibleText(root())).toContain(`#${red.runId} (attempt 2)`);
    const [reply] = h.replies(root());
    expect(visibleText(reply)).toContain(
      `Re-run attempt 2 of \`${short(red.sha)}\` failed again: unit tests`,
    );
    expect(h.topLevelPosts()).toBe(1);
  });

  it('green at a new commit resolves the incident in place as recovered and replies', async () => {
    await openIncident();
    const fixed = h.push('Really fix the parser', 'success');
    const result = await h.check();
    expect(result).toMatchObject({ verdict: 'green', event: 'recovered', delivery: { delivered: 2 } });
    expect(updates()).toBe(1);
    expect(h.topLevelPosts()).toBe(1);
    const text = visibleText(root());
    expect(text).toContain(`Recovered after`);
    expect(text).toContain(`first green at \`${short(fixed.sha)}\``);
    expect(text).not.toContain('Re-run failed jobs');
    expect(text).not.toContain('Acknowledge');
    const [reply] = h.replies(root());
    expect(visibleText(reply)).toContain(`CI is green again at \`${short(fixed.sha)}\``);
  });

  /** Flaky failures go to the daily digest by default; a rule brings their thread note back. */
  async function notifyFlakes() {
    await h.close();
    h = await startAppHarness({ rules: [{ event: 'flaky', action: 'notify' }] });
  }

  it('a red commit whose re-run passes is resolved as flaky, naming the flaked job', async () => {
    await notifyFlakes();
    const { red } = await openIncident();
    h.github.completeRerun(red.runId, { conclusion: 'success' });
    const result = await h.check();
    expect(result.event).toBe('flaky');
    expect(updates()).toBe(1);
    const text = visibleText(root());
    expect(text).toContain(`a re-run of \`${short(red.sha)}\` passed`);
    expect(text).toContain('Flaky jobs: `unit tests`');
    expect(text).not.toContain('`lint`');
    const [reply] = h.replies(root());
    expect(visibleText(reply)).toContain('flaky job unit tests');
    expect(visibleText(reply)).not.toContain(':warning:');
  });

  /** One more red episode at a new commit, resolved as flaky by a passing re-run. */
  async function flakeOnce(message: string) {
    const red = h.push(message, 'failure');
    await h.check();
    h.github.completeRerun(red.runId, { conclusion: 'success' });
    expect((await h.check()).event).toBe('flaky');
    return h.replies(h.messages().at(-1)).at(-1);
  }

  it('a third flake within 24 hours calls out the repeated flakes in the thread', async () => {
    await notifyFlakes();
    h.push('Add widgets', 'success');
    await h.check();
    expect(visibleText(await flakeOnce('First'))).not.toContain('has flaked');
    h.clock.advance(10 * HOUR_MS);
    expect(visibleText(await flakeOnce('Second'))).not.toContain('has flaked');
    h.clock.advance(10 * HOUR_MS);
    const third = visibleText(await flakeOnce('Third'));
    expect(third).toContain(':warning: `ci.yml` on `main` has flaked 3 times in 24h');
    expect(h.messages()).toHaveLength(3);
  });

  it('flakes spread over more than 24 hours are not called out', async () => {
    await notifyFlakes();
    h.push('Add widgets', 'success');
    await h.check();
    await flakeOnce('First');
    h.clock.advance(13 * HOUR_MS);
    await flakeOnce('Second');
    h.clock.advance(13 * HOUR_MS);
    expect(visibleText(await flakeOnce('Third'))).not.toContain('has flaked');
  });

  it('a first red with no green before it says "red since unknown" and suspects nobody', async () => {
    h.push('Break the widget parser', 'failure', BOB);
    const result = await h.check();
    expect(result.event).toBe('regression');
    const text = visibleText(root());
    expect(text).toContain('CI has been red since unknown');
    expect(text).toContain('No commit range can be suspected');
    expect(text).not.toContain('Break the widget parser');
    expect(h.github.requests.filter((r) => r.path.includes('/compare/'))).toHaveLength(0);
  });

  it('the next red after a recovery opens a new top-level message', async () => {
    const { result: first } = await openIncident();
    const fixed = h.push('Fix the parser', 'success');
    await h.check();
    const again = h.push('Break it differently', 'failure');
    const second = await h.check();
    expect(second.event).toBe('regression');
    expect(second.incidentId).not.toBe(first.incidentId);
    expect(second.incidentId).toMatch(/#2$/);
    const [old, fresh] = h.messages();
    expect(h.messages()).toHaveLength(2);
    expect(visibleText(old)).toContain('Recovered after');
    expect(visibleText(fresh)).toContain(runUrl(again.runId));
    expect(visibleText(fresh)).toContain(`last green \`${short(fixed.sha)}\``);
    expect(h.replies(fresh)).toHaveLength(0);
  });
});
