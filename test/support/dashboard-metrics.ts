import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DASHBOARD = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'docs',
  'grafana',
  'overseer-dashboard.json',
);

interface Panel {
  readonly targets?: ReadonlyArray<{ readonly expr?: string }>;
  readonly panels?: readonly Panel[];
}

/** Every query (`expr`) of the dashboard's panels, rows' panels included. */
export function dashboardQueries(path = DASHBOARD): string[] {
  const dashboard = JSON.parse(readFileSync(path, 'utf8')) as { panels: Panel[] };
  const queries: string[] = [];
  const walk = (panels: readonly Panel[]) => {
    for (const panel of panels) {
      for (const target of panel.targets ?? []) if (target.expr) queries.push(target.expr);
      walk(panel.panels ?? []);
    }
  };
  walk(dashboard.panels);
  return queries;
}

/** The series names the dashboard's queries read (`overseer_…`), once each. */
export function dashboardMetricNames(path = DASHBOARD): string[] {
  const names = dashboardQueries(path).flatMap((expr) => expr.match(/\boverseer_[a-z0-9_]+/g) ?? []);
  return [...new Set(names)].sort();
}

/**
 * The names the dashboard queries that `/metrics` text does not expose: neither as a sample line
 * nor as a `# TYPE` (a labelled counter nothing counted yet shows only its HELP and TYPE), a
 * histogram's `_bucket`, `_sum` and `_count` counted as its own.
 */
export function missingFromMetrics(metricsText: string, path = DASHBOARD): string[] {
  const typed = new Set([...metricsText.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
  const sampled = new Set([...metricsText.matchAll(/^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]/gm)].map((m) => m[1]));
  return dashboardMetricNames(path).filter((name) => {
    const base = name.replace(/_(bucket|sum|count)$/, '');
    return !sampled.has(name) && !typed.has(name) && !typed.has(base);
  });
}
