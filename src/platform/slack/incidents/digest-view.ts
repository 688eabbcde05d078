import type { KnownBlock } from '@slack/web-api';
import { shortSha } from '../../../diagnosis/domain/culprit.js';
import type { DigestEntry } from '../../../incidents/domain/digest.js';
import { inlineCode, inlineText, link } from '../mrkdwn.js';

// Block Kit's limits (https://docs.slack.dev/reference/block-kit/blocks, formerly
// https://api.slack.com/reference/block-kit/blocks): a section's text holds 3,000 characters and a
// message 50 blocks. A day's lines are packed into as many sections as they need, each within its
// limit, and the message stays well under the block limit however many entries the day has.

/** Characters of one section's text. */
const SECTION_MAX = 3000;
/** Most characters of the lines shown: a long day is counted, not scrolled through. */
const LINES_MAX = 12_000;
/** Most lines shown: the latest; the earlier ones are counted. */
const LINES_SHOWN = 20;
/** Raw characters of a name: escaped (`&` is 5 characters) six names still fit one section. */
const NAME_MAX = 60;
const JOBS_SHOWN = 3;
/** A run link longer than this is left out rather than cut (a cut URL leads nowhere). */
const URL_MAX = 400;

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
  const where = `*${inlineText(repo, NAME_MAX)}* ${inlineCode(workflow, NAME_MAX)} on ${inlineCode(branch, NAME_MAX)}`;
  const at = entry.sha === undefined ? '' : ` at \`${shortSha(entry.sha)}\``;
  const jobs = entry.jobs ?? [];
  const shown = jobs.slice(0, JOBS_SHOWN).map((job) => inlineText(job, NAME_MAX));
  if (jobs.length > JOBS_SHOWN) shown.push(`${jobs.length - JOBS_SHOWN} more`);
  const jobText = shown.length === 0 ? '' : ` (${shown.join(', ')})`;
  const run =
    entry.runUrl === undefined || entry.runUrl.length > URL_MAX ? '' : ` ${link(entry.runUrl, 'View run')}`;
  const told =
    entry.messageUrl === undefined || entry.messageUrl.length > URL_MAX
      ? ''
      : ` · told in place: ${link(entry.messageUrl, 'its incident message')}`;
  return `• ${WORDS[entry.event]}: ${where}${at}${jobText}${run}${told}`;
}

/** The latest lines that fit `LINES_SHOWN` and `LINES_MAX`, oldest first, and how many did not. */
function latestLines(entries: readonly DigestEntry[]): { lines: string[]; hidden: number } {
  const lines: string[] = [];
  let length = 0;
  for (const entry of [...entries].reverse()) {
    const text = line(entry);
    if (lines.length >= LINES_SHOWN || length + text.length + 1 > LINES_MAX) break;
    lines.unshift(text);
    length += text.length + 1;
  }
  return { lines, hidden: entries.length - lines.length };
}

/** Lines joined into section texts of at most `SECTION_MAX` characters; no line is split. */
function pack(lines: readonly string[]): string[] {
  const texts: string[] = [];
  let current = '';
  for (const text of lines) {
    if (current !== '' && current.length + 1 + text.length > SECTION_MAX) {
      texts.push(current);
      current = '';
    }
    current = current === '' ? text : `${current}\n${text}`;
  }
  if (current !== '') texts.push(current);
  return texts;
}

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

/** A channel's daily digest: what decisions queued instead of posting, one line each. */
export function renderDigest(
  day: string,
  entries: readonly DigestEntry[],
): { text: string; blocks: KnownBlock[] } {
  const count = entries.length;
  const title = `:card_index_dividers: Overseer digest for ${day} (UTC): ${count} queued ${count === 1 ? 'event' : 'events'}`;
  const { lines, hidden } = latestLines(entries);
  if (hidden > 0) lines.unshift(`_${hidden} earlier not shown_`);
  const blocks = [section(title), ...pack(lines).map(section)];
  return { text: title, blocks };
}
