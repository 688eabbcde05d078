import type { JobExcerpt } from '../../../diagnosis/domain/job-excerpt.js';
import type { SeenBeforeLine } from '../../../incidents/domain/incident.js';
import { escapeMrkdwn, link, truncate } from '../mrkdwn.js';

/** The escaped code block's bound: with a job line it stays well inside a 3,000-character section. */
export const EXCERPT_BLOCK_MAX = 2_000;
const EXCERPT_LINES_MAX = 10;

const UNAVAILABLE = {
  expired: 'expired',
  'not found': 'not found',
  forbidden: 'no permission to read it',
  unreachable: 'GitHub could not be reached',
  'timed out': 'GitHub took too long',
  empty: 'no error lines found in it',
} as const;

/**
 * A job's error lines as a code block (escaped; backtick runs broken so the block cannot be
 * closed early), or why they are not shown, said plainly.
 */
export function excerptText(excerpt: JobExcerpt): string {
  if ('unavailable' in excerpt) return `_log unavailable: ${UNAVAILABLE[excerpt.unavailable]}_`;
  const shown: string[] = [];
  let length = 0;
  for (const line of excerpt.lines.slice(0, EXCERPT_LINES_MAX)) {
    const text = escapeMrkdwn(truncate(line, 400)).replace(/`/g, 'ˋ');
    if (length + text.length + 1 > EXCERPT_BLOCK_MAX - 8) break;
    shown.push(text);
    length += text.length + 1;
  }
  if (shown.length === 0) return '_log unavailable: no error lines found in it_';
  return `\`\`\`${shown.join('\n')}\`\`\``;
}

/** "Seen 3 times in 14 days · last time resolved as flaky on Nov 21", linking the earlier incident. */
export function seenBeforeText(seen: SeenBeforeLine): string {
  const text = escapeMrkdwn(seen.text);
  return seen.link === undefined
    ? `:repeat: ${text}`
    : `:repeat: ${text} · ${link(seen.link, 'previous incident')}`;
}
