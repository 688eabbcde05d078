import { LogLevel, retryPolicies, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DigestEntry } from '../../../../src/incidents/domain/digest.js';
import { renderDigest } from '../../../../src/platform/slack/incidents/digest-view.js';
import { type FakeSlack, startFakeSlack } from '../../../support/fake-slack.js';

const AT = Date.parse('2026-11-29T12:00:00Z');
const LONG = `${'&<'.repeat(150)}*_~\``;

function entry(i: number, name = `job-${i}`): DigestEntry {
  return {
    event: 'flaky',
    watch: { repo: `acme/${name}`, workflow: `${name}.yml`, branch: name },
    incidentId: `i#${i}`,
    sha: 'a'.repeat(40),
    runUrl: `https://github.com/acme/widgets/actions/runs/${i}`,
    jobs: [name, name, name, name],
    at: AT + i,
  };
}

const sectionTexts = (blocks: readonly unknown[]) =>
  (blocks as { type: string; text?: { text: string } }[]).map((block) => block.text?.text ?? '');

describe('the daily digest fits Slack’s limits at any size', () => {
  let slack: FakeSlack;
  let client: WebClient;
  beforeAll(async () => {
    slack = await startFakeSlack({ botToken: 'xoxb-t' });
    slack.addChannel('C0INC');
    client = new WebClient('xoxb-t', {
      slackApiUrl: slack.url,
      logLevel: LogLevel.ERROR,
      retryConfig: retryPolicies.rapidRetryPolicy,
    });
  });
  afterAll(async () => {
    await slack.close();
  });

  it.each([
    ['0 entries', 0, false],
    ['1 entry', 1, false],
    ['12 entries', 12, false],
    ['12 entries with very long names', 12, true],
    ['200 entries', 200, false],
    ['200 entries with very long names', 200, true],
  ])(
    '%s: every section within 3,000 characters, at most 50 blocks, and Slack takes it',
    async (_, count, long) => {
      const entries = Array.from({ length: count }, (_, i) => entry(i, long ? LONG : undefined));
      const view = renderDigest('2026-11-29', entries);
      expect(view.blocks.length).toBeLessThanOrEqual(50);
      for (const text of sectionTexts(view.blocks)) {
        expect(text.length).toBeGreaterThan(0);
        expect(text.length).toBeLessThanOrEqual(3000);
      }
      const texts = sectionTexts(view.blocks).join('\n');
      expect(texts).toContain(
        `Overseer digest for 2026-11-29 (UTC): ${count} queued ${count === 1 ? 'event' : 'events'}`,
      );
      const posted = await client.chat.postMessage({ channel: 'C0INC', ...view });
      expect(posted.ok).toBe(true);
    },
  );

  it('shows the latest lines and counts the earlier ones', () => {
    const view = renderDigest(
      '2026-11-29',
      Array.from({ length: 200 }, (_, i) => entry(i)),
    );
    const texts = sectionTexts(view.blocks).join('\n');
    expect(texts).toContain('_180 earlier not shown_');
    expect(texts).toContain('acme/job-199');
    expect(texts).not.toContain('acme/job-179*');
  });

  it('12 ordinary entries are all shown, split over sections as they need', () => {
    const view = renderDigest(
      '2026-11-29',
      Array.from({ length: 12 }, (_, i) => entry(i, `a-rather-long-job-name-${i}`.repeat(3))),
    );
    const texts = sectionTexts(view.blocks).join('\n');
    expect(texts).not.toContain('earlier not shown');
    for (let i = 0; i < 12; i += 1) expect(texts).toContain(`a-rather-long-job-name-${i}`);
  });
});
