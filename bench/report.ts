// The CI health report at size: 200 watches over 30 days (and the 30 before, for the change),
// figures and chart PNG, timed; and what the history costs per episode in the store.
import { renderChart } from '../src/platform/slack/report/report-chart.js';
import { renderReport } from '../src/platform/slack/report/report-view.js';
import { periodsEnding, redByDay, reportFigures } from '../src/report/domain/report-figures.js';
import { sampleHistory, sampleWatch } from '../test/support/report-sample.js';

const WATCHES = 200;
const DAYS = 30;
const end = Date.parse('2026-12-07T09:00:00Z');
const records = sampleHistory(WATCHES, DAYS, end);
const watches = Array.from({ length: WATCHES }, (_, index) => sampleWatch(index));
const labels = watches.map((watch) => watch.repo);

async function once(): Promise<{ ms: number; png: number }> {
  const started = performance.now();
  const { now, before } = periodsEnding(end, DAYS);
  const report = {
    days: DAYS,
    watches,
    figures: reportFigures(records, now, WATCHES),
    before: reportFigures(records, before, WATCHES),
    redDays: redByDay(records, now, labels, (watch) => watch.repo),
  };
  renderReport(report);
  const png = await renderChart(report);
  return { ms: performance.now() - started, png: png?.byteLength ?? 0 };
}

await once(); // warm-up: module loading and first compile
const runs: number[] = [];
let png = 0;
for (let run = 0; run < 5; run += 1) {
  const result = await once();
  runs.push(result.ms);
  png = result.png;
}
runs.sort((a, b) => a - b);
const bytes = records.map(({ fact }) => JSON.stringify(fact).length);
const perEpisode = bytes.reduce((sum, n) => sum + n, 0) / bytes.length;
console.log(
  `report: ${WATCHES} watches x ${DAYS} days (${records.length} episodes): figures + PNG median ${runs[2]?.toFixed(0)} ms, slowest ${runs[4]?.toFixed(0)} ms; PNG ${png} bytes`,
);
console.log(
  `report history: ${perEpisode.toFixed(0)} bytes of JSON per episode on average (max ${Math.max(...bytes)}); 1,000 watches x 90 days at 1 episode a day ~ ${((perEpisode * 1000 * 90) / 1e6).toFixed(1)} MB`,
);
