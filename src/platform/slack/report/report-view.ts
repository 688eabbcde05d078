import type { Report, ReportOutcome } from '../../../report/index.js';
import { formatDuration, inert, truncate } from '../mrkdwn.js';

/** `4.2%`: one decimal below 10%, none above. */
export function percent(share: number): string {
  const value = share * 100;
  return `${value < 10 && value > 0 ? value.toFixed(1) : Math.round(value)}%`;
}

function hours(ms: number): string {
  return `${(ms / 3_600_000).toFixed(1)}h`;
}

/** `▲ from 2`, `▼ from 6.1%`, `= as before`: the change against the period before. */
function change(now: number, before: number, shown: string): string {
  if (now === before) return '= as before';
  return `${now > before ? '▲' : '▼'} from ${shown}`;
}

function dayRange(report: Report): string {
  const { start, end } = report.figures.period;
  const day = (at: number) =>
    new Date(at).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
  return `${day(start)} – ${day(end)}`;
}

/** `green all week` for 7 days, `green all 14 days` otherwise. */
function allGreen(days: number): string {
  return days === 7 ? 'green all week' : `green all ${days} days`;
}

function scopeName(report: Report): string {
  const repos = [...new Set(report.watches.map((watch) => watch.repo))];
  if (repos.length === 1) return inert(repos[0] ?? '');
  return `${report.watches.length} watches`;
}

/** The report's figures as mrkdwn lines; one line when nothing was red in the whole period. */
export function renderReport(report: Report): string {
  const { figures: f, before: b, days } = report;
  const head = `*CI health, last ${days} days* (${dayRange(report)}) · ${scopeName(report)}`;
  if (f.redMs === 0 && f.episodes === 0) return `${head}: ${allGreen(days)} :large_green_circle:`;
  const lines = [head];
  lines.push(
    `• Red *${percent(f.redShare)}* of the time (${hours(f.redMs)} over ${f.watches} watch${f.watches === 1 ? '' : 'es'}) ${change(f.redMs, b.redMs, percent(b.redShare))}`,
  );
  const carried = [
    f.carriedIn > 0 ? `${f.carriedIn} carried in` : '',
    f.stillRed > 0 ? `${f.stillRed} still red` : '',
  ].filter(Boolean);
  lines.push(
    `• *${f.episodes}* episode${f.episodes === 1 ? '' : 's'}${carried.length > 0 ? ` (${carried.join(', ')})` : ''} ${change(f.episodes, b.episodes, String(b.episodes))}`,
  );
  if (f.toGreen) {
    const { slowest } = f.toGreen;
    const was = b.toGreen
      ? change(f.toGreen.medianMs, b.toGreen.medianMs, formatDuration(b.toGreen.medianMs))
      : '';
    lines.push(
      `• Time to green: median *${formatDuration(f.toGreen.medianMs)}*, slowest ${formatDuration(f.toGreen.slowestMs)} (${inert(slowest.watch.repo)} #${slowest.fact.episode}) ${was}`.trimEnd(),
    );
  }
  if (f.toAck) {
    const was = b.toAck ? change(f.toAck.medianMs, b.toAck.medianMs, formatDuration(b.toAck.medianMs)) : '';
    lines.push(
      `• Time to acknowledge: median *${formatDuration(f.toAck.medianMs)}* (${f.toAck.count} acknowledged) ${was}`.trimEnd(),
    );
  }
  const jobs = f.flakedJobs.map(({ item, count }) => `\`${inert(truncate(item, 60))}\` ×${count}`).join(', ');
  lines.push(
    `• Flaky: *${f.flaky}* episode${f.flaky === 1 ? '' : 's'}${jobs ? `; flaked most: ${jobs}` : ''}`,
  );
  if (f.failures.length > 0) {
    lines.push('• Failures seen most:');
    for (const { item, count } of f.failures) {
      lines.push(`    ◦ ×${count} \`${inert(truncate(item.job, 60))}\`: ${inert(truncate(item.line, 100))}`);
    }
  }
  const t = f.tasks;
  lines.push(
    `• Fix tasks: ${t.started} started · ${t.merged} merged · ${t.verified} verified · ${t.reverted} reverted`,
  );
  return lines.join('\n');
}

/** The answer to `/overseer report`, or why there is none. */
export function reportAnswer(outcome: ReportOutcome): string {
  if (!outcome.ok) return `:warning: The report cannot be made (${outcome.cause}). Try again in a minute.`;
  return renderReport(outcome.report);
}
