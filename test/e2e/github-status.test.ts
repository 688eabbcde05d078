import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { escalationLines, writeConfigFile } from '../support/config-file.js';
import { type FakeStatusPage, startFakeStatusPage } from '../support/fake-status-page.js';
import { CHANNEL, perTestWorld, visibleText } from '../support/scenario.js';
import { waitForMetric } from '../support/wait-for-metric.js';
import { waitForReadyz } from '../support/wait-for-readyz.js';

const ONCALL = 'U0OLIVE';
/** On-call mentioned 2 s and DMed 3 s after a red opens; the watch is OVERSEER_REPO. */
const ESCALATION = escalationLines(ONCALL, '2s', '3s');

/** The bot's word that it read the status page (a new body): the poll's metric. */
const freshRead = /^overseer_github_status_polls_total\{result="fresh"\} [1-9]/m;

describe("GitHub's own outages, end to end", () => {
  const t = perTestWorld();
  let page: FakeStatusPage;
  beforeEach(async () => {
    page = await startFakeStatusPage();
  });
  afterEach(async () => {
    await page.close();
  });

  const roots = () => t.world.slack.messages(CHANNEL);
  const mentionsUnder = (index: number) =>
    t.world.slack
      .thread(CHANNEL, roots()[index]?.ts ?? '')
      .filter((reply) => reply.text.includes(`<@${ONCALL}>`));
  const dms = () => t.world.slack.messages(ONCALL);

  it('a red while Actions is degraded posts without paging; once operational again, the next red pages', async () => {
    t.world.slack.addUser({ id: ONCALL, name: 'olive', email: 'olive@acme.test' });
    page.setActions('partial_outage');
    const dataDir = mkdtempSync(join(tmpdir(), 'overseer-github-status-data-'));
    const env = t.world.env({
      OVERSEER_CONFIG: writeConfigFile(ESCALATION),
      OVERSEER_GITHUB_STATUS: 'true',
      OVERSEER_GITHUB_STATUS_URL: page.url,
      OVERSEER_DATA_DIR: dataDir,
    });
    const first = await t.bot(env);
    await waitForMetric(first, freshRead);

    t.world.push('Add widgets', 'success');
    await t.world.github.waitFor((github) => github.requests.some((r) => r.path.endsWith('/runs')), 5_000);
    t.world.push('Break the widget parser', 'failure');
    await t.world.slack.waitFor(() => roots().length > 0, 8_000);
    expect(visibleText(roots()[0])).toContain('GitHub reports Actions: partial outage');
    expect(roots()[0]?.text).toContain('GitHub reports Actions: partial outage');
    // Three more looks at the watch (a cycle every 2 s): past the 2 s mention and the 3 s DM.
    const looks = t.world.github.requests.length;
    await t.world.github.waitFor(
      (github) => github.requests.slice(looks).filter((r) => r.path.endsWith('/runs')).length >= 3,
      15_000,
    );
    expect(mentionsUnder(0)).toHaveLength(0);
    expect(dms()).toHaveLength(0);

    t.world.push('Fix the parser', 'success');
    await t.world.slack.waitFor(() => visibleText(roots()[0]).includes('Green again'), 8_000);
    // The recovery's check is done (delivered, its outbox lease let go) before the bot stops.
    await waitForMetric(first, /^overseer_ci_checks_total\{verdict="green",event="recovered"\} 1$/m);
    await first.stop();

    // GitHub recovers. A restarted bot reads the page at once (unclaimed, with the stored ETag).
    page.setActions('operational');
    const requestsBefore = page.requests.length;
    const second = await t.bot(env);
    await waitForMetric(second, freshRead);
    expect(page.requests.slice(requestsBefore).at(-1)?.ifNoneMatch).toMatch(/^W\/"/);

    t.world.push('Break it again', 'failure');
    await t.world.slack.waitFor(() => roots().length > 1, 8_000);
    expect(visibleText(roots()[1])).not.toContain('GitHub reports');
    await t.world.slack.waitFor(() => dms().length > 0, 10_000);
    expect(mentionsUnder(1)).toHaveLength(1);
    expect(mentionsUnder(0)).toHaveLength(0);
    expect(dms()).toHaveLength(1);
    t.world.slack.assertNoUnexpected();
  }, 60_000);

  it('a status page that fails is counted, and readiness does not depend on it', async () => {
    page.fail('server-error');
    t.world.push('Add widgets', 'success');
    const bot = await t.bot(
      t.world.env({ OVERSEER_GITHUB_STATUS: 'true', OVERSEER_GITHUB_STATUS_URL: page.url }),
    );
    await waitForMetric(bot, /^overseer_github_status_polls_total\{result="failed:server-error"\} [1-9]/m);
    await waitForReadyz(`${bot.url}/readyz`, 200, 10_000);
  }, 40_000);

  it('storms.githubStatus off (OVERSEER_GITHUB_STATUS=false): the page is never read', async () => {
    page.setActions('major_outage');
    t.world.slack.addUser({ id: ONCALL, name: 'olive', email: 'olive@acme.test' });
    const bot = await t.bot(
      t.world.env({
        OVERSEER_CONFIG: writeConfigFile(ESCALATION),
        OVERSEER_GITHUB_STATUS_URL: page.url,
        OVERSEER_GITHUB_STATUS: 'false',
      }),
    );
    t.world.push('Add widgets', 'success');
    await t.world.github.waitFor((github) => github.requests.some((r) => r.path.endsWith('/runs')), 5_000);
    t.world.push('Break the widget parser', 'failure');
    await t.world.slack.waitFor(() => mentionsUnder(0).length > 0, 10_000);
    expect(visibleText(roots()[0])).not.toContain('GitHub reports');
    expect(page.requests).toHaveLength(0);
    expect(await fetch(`${bot.url}/metrics`).then((r) => r.text())).not.toContain(
      'overseer_github_status_polls_total{',
    );
  }, 40_000);
});
