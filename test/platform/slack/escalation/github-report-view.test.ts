import { describe, expect, it } from 'vitest';
import {
  githubReportLine,
  githubReportWords,
} from '../../../../src/platform/slack/escalation/github-report-view.js';

describe("GitHub's report in an incident message", () => {
  it('says the status in words', () => {
    expect(githubReportWords({ component: 'Actions', status: 'partial_outage' })).toBe(
      'GitHub reports Actions: partial outage',
    );
    expect(githubReportLine({ component: 'Actions', status: 'major_outage' })).toContain(
      '*GitHub reports Actions: major outage*',
    );
  });

  it("makes a status page's unknown words inert: no mention, no link, bounded", () => {
    const words = githubReportWords({
      component: 'Actions',
      status: `<!channel> <https://x.test|y> ${'z'.repeat(200)}`,
    });
    expect(words).not.toMatch(/<!channel>|<https:/);
    expect(words.length).toBeLessThan(120);
  });
});
