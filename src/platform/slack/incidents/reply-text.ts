import type { ThreadReplies } from '../../../incidents/domain/thread-replies.js';
import { mention, truncate } from '../mrkdwn.js';

/**
 * A person's Slack message text shown again as plain text that pings nobody: Slack sends `&`, `<`
 * and `>` as entities already, so only its control sequences are turned into words (`<@U1>` →
 * `@U1`, `<!channel>` → `@channel`, `<url|label>` → `label`), on one line, cut to `max`.
 */
export function plainReply(text: string, max: number): string {
  const words = text.replace(/<([^<>]*)>/g, (_whole, inner: string) => {
    const [target = '', label] = inner.split('|');
    if (label !== undefined && label !== '') return label;
    if (target.startsWith('!')) return `@${target.slice(1).split('^')[0] ?? ''}`;
    return target;
  });
  const line = words
    .replace(/[<>]/g, (char) => (char === '<' ? '&lt;' : '&gt;'))
    .replace(/\s+/g, ' ')
    .trim();
  // Cut before an entity rather than through it (`&am…` would show as text).
  return truncate(line, max).replace(/&[a-z]*…$/, '…');
}

/**
 * "3 replies in the thread; last by <@U0BOB>", or undefined when nobody replied. `named: false`
 * leaves the name out, for text posted as a new message (a mention there would ping them).
 */
export function repliesWords(replies: ThreadReplies | undefined, named = true): string | undefined {
  const last = replies?.recent.at(-1);
  if (replies === undefined || replies.count === 0 || last === undefined) return undefined;
  const count = `${replies.count} ${replies.count === 1 ? 'reply' : 'replies'} in the thread`;
  return named ? `${count}; last by ${mention(last.user)}` : count;
}
