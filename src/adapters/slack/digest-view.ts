import type { KnownBlock } from '@slack/web-api';
import { shortSha } from '../../domain/culprit.js';
import type { DigestEntry } from '../../domain/digest.js';
import { inlineText, link } from './mrkdwn.js';

const NAME_MAX = 100;
const JOBS_SHOWN = 3;
/** Lines shown; Slack's section text stops at 3,000 characters, so a long day is counted. */
const LINES_SHOWN = 20;

const WORDS: Readonly<Record<DigestEntry['event'], string>> = {
  regression: ':red_circle: turned red',
  'still-red': ':red_circle: still red',
  recovered: ':large_green_circle: recovered',
  flaky: ':large_yellow_circle: flaky (a re-run passed)',
  'fix-failed': ':hammer_and_wrench: fix task failed',
  'fix-regressed': ':hammer_and_wrench: fix made CI worse',
  'loop-stalled': ':warning: check loop stalled',
  'github-unreachable': ':warning: GitHub unreachable',
};

function line(entry: DigestEntry): string {
  const { repo, workflow, branch } = entry.watch;
  const where = `*${inlineText(repo, NAME_MAX)}* \`${inlineText(workflow, NAME_MAX)}\` on \`${inlineText(branch, NAME_MAX)}\``;
  const at = entry.sha === undefined ? '' : ` at \`${shortSha(entry.sha)}\``;
  const jobs = entry.jobs ?? [];
  const shown = jobs.slice(0, JOBS_SHOWN).map((job) => inlineText(job, NAME_MAX));
  if (jobs.length > JOBS_SHOWN) shown.push(`${jobs.length - JOBS_SHOWN} more`);
  const jobText = shown.length === 0 ? '' : ` (${shown.join(', ')})`;
  const run = entry.runUrl === undefined ? '' : ` ${link(entry.runUrl, 'View run')}`;
  return `• ${WORDS[entry.event]}: ${where}${at}${jobText}${run}`;
}

/** A channel's daily digest: what decisions queued instead of posting, one line each. */
export function renderDigest(
  day: string,
  entries: readonly DigestEntry[],
): { text: string; blocks: KnownBlock[] } {
  const count = entries.length;
  const title = `:card_index_dividers: Overseer digest for ${day} (UTC): ${count} queued ${count === 1 ? 'event' : 'events'}`;
  const lines = entries.slice(-LINES_SHOWN).map(line);
  if (count > LINES_SHOWN) lines.unshift(`_${count - LINES_SHOWN} earlier not shown_`);
  const text = `${title}\n${lines.join('\n')}`;
  return { text: title, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
