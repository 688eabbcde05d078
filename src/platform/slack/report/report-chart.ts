// The report's chart: red hours per day, stacked by watch, from a Vega-Lite specification to SVG
// (vega's View.toSVG, no canvas) to PNG (resvg), in-process: no browser, no chart service.
import type { TopLevelSpec } from 'vega-lite';
import type { Report } from '../../../report/index.js';

/** Watches shown by name in the chart; the rest are stacked together as "others". */
export const CHART_WATCHES = 8;

/** Opaque white, dark text: the same picture reads on Slack's light and dark themes. */
const BACKGROUND = '#ffffff';
const INK = '#1d1c1d';
// Tableau 10, the Vega default, without its red: red would read as "worse" for one watch.
const PALETTE = ['#4e79a7', '#f28e2b', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f'];
const OTHERS = '#bab0ac';

interface Row {
  readonly day: string;
  readonly watch: string;
  readonly hours: number;
}

/** The rows drawn: the watches red longest by name, the rest as one "others" row per day. */
export function chartRows(report: Report): Row[] {
  const total = new Map<string, number>();
  for (const row of report.redDays) total.set(row.watch, (total.get(row.watch) ?? 0) + row.redMs);
  const ranked = [...total.entries()]
    .filter(([, ms]) => ms > 0)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  const named = new Set(ranked.slice(0, CHART_WATCHES).map(([watch]) => watch));
  const others = ranked.length - named.size;
  const rows = new Map<string, Row>();
  for (const { day, watch, redMs } of report.redDays) {
    const name = named.has(watch) ? watch : `${others} others`;
    if (!named.has(watch) && redMs === 0) continue;
    const key = `${day}\n${name}`;
    rows.set(key, { day, watch: name, hours: (rows.get(key)?.hours ?? 0) + redMs / 3_600_000 });
  }
  // Every day gets a row, so days all green still show on the axis.
  for (const day of new Set(report.redDays.map((row) => row.day))) {
    if (![...rows.values()].some((row) => row.day === day))
      rows.set(`${day}\n`, { day, watch: '', hours: 0 });
  }
  return [...rows.values()];
}

export function chartSpec(report: Report): TopLevelSpec {
  const rows = chartRows(report);
  const others = (watch: string) => / others$/.test(watch);
  // The named watches first, in their colours; the rest last, in grey.
  const names = [...new Set(rows.map((row) => row.watch).filter(Boolean))];
  const watches = [...names.filter((watch) => !others(watch)), ...names.filter(others)];
  const range = watches.map((watch, index) => (others(watch) ? OTHERS : (PALETTE[index] ?? OTHERS)));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `Red time per day, last ${report.days} days (UTC)`,
      color: INK,
      anchor: 'start',
      fontSize: 15,
    },
    width: Math.max(360, report.days * 24),
    height: 220,
    background: BACKGROUND,
    padding: 16,
    config: {
      font: 'DejaVu Sans, Lato, sans-serif',
      axis: {
        labelColor: INK,
        titleColor: INK,
        gridColor: '#dddddd',
        domainColor: '#888888',
        tickColor: '#888888',
      },
      legend: { labelColor: INK, titleColor: INK, labelLimit: 260 },
      view: { stroke: null },
    },
    data: { values: rows },
    mark: { type: 'bar' },
    encoding: {
      x: {
        field: 'day',
        type: 'ordinal',
        title: null,
        axis: { labelAngle: report.days > 14 ? -60 : 0, labelExpr: 'slice(datum.value, 5)' },
      },
      y: { field: 'hours', type: 'quantitative', stack: 'zero', title: 'hours red' },
      color: {
        field: 'watch',
        type: 'nominal',
        title: null,
        scale: { domain: watches, range },
        legend: watches.length === 0 ? null : { orient: 'bottom', columns: 2 },
      },
    },
  };
}

/** The chart as a PNG; undefined when nothing was red in the period (the report says so in words). */
export async function renderChart(report: Report): Promise<Uint8Array | undefined> {
  if (report.figures.redMs === 0) return undefined;
  // Loaded on first use: the bot starts without them (a second's work on a busy machine).
  const [{ Resvg }, { parse, View }, { compile }] = await Promise.all([
    import('@resvg/resvg-js'),
    import('vega'),
    import('vega-lite'),
  ]);
  const view = new View(parse(compile(chartSpec(report)).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG(2);
    const png = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } })
      .render()
      .asPng();
    return new Uint8Array(png);
  } finally {
    view.finalize();
  }
}
