import { describe, expect, it } from 'vitest';
import { parseReportArgs } from '../../../../src/platform/slack/report/report-args.js';
import { percent, renderReport } from '../../../../src/platform/slack/report/report-view.js';
import type { Report } from '../../../../src/report/build-report.js';
import type { EpisodeRecord } from '../../../../src/report/domain/episode-record.js';
import { periodsEnding, redByDay, reportFigures } from '../../../../src/report/domain/report-figures.js';

const H = 3_600_000;
const END = Date.parse('2026-12-07T09:00:00Z');
const watch = { repo: 'acme/widgets', workflow: 'ci.yml', branch: 'main' };

function reportOf(records: EpisodeRecord[], days = 7): Report {
  const { now, before } = periodsEnding(END, days);
  return {
    days,
    watches: [watch],
    figures: reportFigures(records, now, 1),
    before: reportFigures(records, before, 1),
    redDays: redByDay(records, now, ['acme/widgets'], (w) => w.repo),
  };
}

describe('parseReportArgs', () => {
  it.each([
    [[], { ok: true, days: 7 }],
    [['acme/widgets'], { ok: true, repo: 'acme/widgets', days: 7 }],
    [['14d', 'acme/widgets'], { ok: true, repo: 'acme/widgets', days: 14 }],
    [['30D'], { ok: true, days: 30 }],
  ])('reads %j', (args, expected) => {
    expect(parseReportArgs(args, 7)).toEqual(expected);
  });

  it.each([
    [['5d'], 'A report covers 7d, 14d or 30d, not 5d.'],
    [['acme/widgets', 'acme/gadgets'], /I don't understand `acme\/gadgets`/],
    [['<!here>'], /I don't understand `&lt;!here&gt;`/],
  ])('refuses %j with a clear error', (args, error) => {
    const parsed = parseReportArgs(args, 7);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(error);
  });
});

describe('renderReport', () => {
  it('says a period without red in one line', () => {
    expect(renderReport(reportOf([]))).toBe(
      '*CI health, last 7 days* (Nov 30 – Dec 7) · acme/widgets: green all week :large_green_circle:',
    );
    expect(renderReport(reportOf([], 14))).toMatch(/green all 14 days/);
  });

  it('gives each figure with its change, and shows GitHub text inert', () => {
    const start = END - 7 * 24 * H;
    const text = renderReport(
      reportOf([
        { watch, fact: { episode: 1, since: start - 10 * H, resolvedAt: start - 9 * H, ended: 'recovered' } },
        {
          watch,
          fact: {
            episode: 2,
            since: start + 10 * H,
            resolvedAt: start + 14 * H,
            ended: 'flaky',
            ackAt: start + 10.5 * H,
            flaked: ['e2e <!channel>'],
            failures: [{ fingerprint: 'f1', job: 'e2e <!channel>', line: 'Error: *boom* <@U0BOSS>' }],
          },
        },
      ]),
    );
    expect(text.split('\n')).toEqual([
      '*CI health, last 7 days* (Nov 30 – Dec 7) · acme/widgets',
      '• Red *2.4%* of the time (4.0h over 1 watch) ▲ from 0.6%',
      '• *1* episode = as before',
      '• Time to green: median *4h*, slowest 4h (acme/widgets #2) ▲ from 1h',
      '• Time to acknowledge: median *30m* (1 acknowledged)',
      '• Flaky: *1* episode; flaked most: `e2e &lt;!channel&gt;` ×1',
      '• Failures seen most:',
      '    ◦ ×1 `e2e &lt;!channel&gt;`: Error: ∗boom∗ &lt;@U0BOSS&gt;',
      '• Fix tasks: 0 started · 0 merged · 0 verified · 0 reverted',
    ]);
  });

  it.each([
    [0, '0%'],
    [0.024, '2.4%'],
    [0.5, '50%'],
  ])('writes a share of %s as %s', (share, shown) => {
    expect(percent(share)).toBe(shown);
  });
});
