import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { chartRows, chartSpec, renderChart } from '../../../../src/platform/slack/report/report-chart.js';
import { renderReport } from '../../../../src/platform/slack/report/report-view.js';
import type { Report } from '../../../../src/report/build-report.js';
import { periodsEnding, redByDay, reportFigures } from '../../../../src/report/domain/report-figures.js';
import { sampleHistory, sampleWatch } from '../../../support/report-sample.js';

const END = Date.parse('2026-12-07T09:00:00Z');

function sampleReport(watches: number, days: number): Report {
  const records = sampleHistory(watches, days, END);
  const { now, before } = periodsEnding(END, days);
  const list = Array.from({ length: watches }, (_, index) => sampleWatch(index));
  const labels = list.map((watch) => watch.repo);
  return {
    days,
    watches: list,
    figures: reportFigures(records, now, watches),
    before: reportFigures(records, before, watches),
    redDays: redByDay(records, now, labels, (watch) => watch.repo),
  };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('the report chart', () => {
  it('draws every day and names the watches red longest, the rest as others', () => {
    const report = sampleReport(12, 7);
    const rows = chartRows(report);
    expect(new Set(rows.map((row) => row.day)).size).toBe(7 + 1); // a period of 7 days from 09:00 touches 8 UTC days
    const named = new Set(rows.map((row) => row.watch).filter((watch) => !watch.endsWith('others')));
    expect(named.size).toBeLessThanOrEqual(8);
    const drawn = rows.reduce((sum, row) => sum + row.hours, 0);
    expect(drawn).toBeCloseTo(report.figures.redMs / 3_600_000, 6);
  });

  it('is drawn on an opaque background, for Slack’s light and dark themes', () => {
    expect(chartSpec(sampleReport(3, 7)).background).toBe('#ffffff');
  });

  it('renders a PNG in-process, and none for a period all green', async () => {
    const report = sampleReport(4, 7);
    const png = await renderChart(report);
    expect([...(png ?? []).slice(0, 8)]).toEqual(PNG_SIGNATURE);
    if (process.env.WRITE_REPORT_SAMPLE) {
      await writeFile('docs/images/report-chart.png', png ?? new Uint8Array());
      await writeFile('docs/images/report-text.txt', renderReport(report));
    }
    const green = { ...report, figures: { ...report.figures, redMs: 0 } };
    expect(await renderChart(green)).toBeUndefined();
  });
});
