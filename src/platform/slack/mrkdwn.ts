// Building blocks of Slack mrkdwn for text Overseer does not control (everything from GitHub).
// Truncate raw text first, then escape: cutting escaped text could split an `&lt;` entity.

import { formatSpan } from '../../core/domain/format-span.js';

/**
 * Characters no text shown in Slack needs and someone hostile may use: C0 controls other than tab
 * and newline, DEL, C1 controls, and the bidirectional embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069) that make the text after them, Overseer's own included, read
 * backwards (https://www.unicode.org/reports/tr9/#Explicit_Directional_Embeddings). Zero-width
 * joiners stay: emoji sequences need them, and they cannot ping, link or reorder anything.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters it removes.
const UNSHOWABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Half a surrogate pair: not a character, so not UTF-8. Sent as it is, it may merge with the
 * character after it on the way (a `>` closing a link became half of an emoji): it becomes U+FFFD.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Slack's escaping: `<`, `>` and `&` are the only control characters of mrkdwn. Control and
 * bidirectional-override characters (see `UNSHOWABLE`) are dropped, and half surrogate pairs
 * replaced.
 */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(UNSHOWABLE, '')
    .replace(LONE_SURROGATE, '\ufffd')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}

/**
 * Cuts `text` to at most `max` UTF-16 units (what Slack's limits count), ending with `…` when cut.
 * Never splits a surrogate pair.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 1) return '';
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/**
 * Text from GitHub (a job, step, run, workflow or branch name, a commit message, a pull request
 * title, a login) made inert for any mrkdwn context: plain text, a link label, or inside `code`.
 * `&`, `<` and `>` become entities (Slack's escaping:
 * https://docs.slack.dev/messaging/formatting-message-text/#escaping-text), so no `<!here>`,
 * `<@U…>` or `<url|label>` survives. mrkdwn has no escape for its style marks, so a backtick
 * (which opens a code span anywhere, even across a link) becomes the look-alike `ˋ`, and a `*`,
 * `_` or `~` that could open or close bold, italic or strike (one next to a space, punctuation or
 * either end) becomes a look-alike too (`∗`, `ˍ`, `∼`); one between letters or digits
 * (`unit_tests`) cannot, and is kept. Each replacement is one UTF-16 unit: lengths do not change.
 */
export function inert(text: string): string {
  const chars = [...escapeMrkdwn(text).replaceAll('`', 'ˋ')];
  const wordy = (char: string | undefined) => char !== undefined && /[\p{L}\p{N}]/u.test(char);
  return chars
    .map((char, index) => {
      const look = STYLE_LOOKALIKE[char];
      if (look === undefined) return char;
      return wordy(chars[index - 1]) && wordy(chars[index + 1]) ? char : look;
    })
    .join('');
}

const STYLE_LOOKALIKE: Readonly<Record<string, string>> = { '*': '∗', _: 'ˍ', '~': '∼' };

/**
 * Raw text as one `code` span, cut to `max`: inside it Slack applies no style, so only the
 * entities and the backtick (which would close the span early) need care.
 */
export function inlineCode(text: string, max: number): string {
  const cut = truncate(text.replace(/\s+/g, ' ').trim(), max);
  return `\`${escapeMrkdwn(cut).replaceAll('`', 'ˋ')}\``;
}

/** One line of raw text (commit titles and names may hold newlines), cut and made inert. */
export function inlineText(text: string, max: number): string {
  return inert(truncate(text.replace(/\s+/g, ' ').trim(), max));
}

/**
 * `<url|label>` with the label inert (see `inert`). Only http(s) URLs become links, with the characters that
 * would end or split the link percent-encoded; anything else shows just the label.
 */
export function link(url: string, label: string): string {
  const text = inert(label);
  if (!/^https?:\/\//i.test(url)) return text;
  const safeUrl = url.replace(/[\s|<>]/g, (char) => encodeURIComponent(char));
  return text === '' ? `<${safeUrl}>` : `<${safeUrl}|${text}>`;
}

/**
 * `under a minute`, `42m`, `1h 5m`, `2d 3h`: how long something took, to the minute. Never `<1m`:
 * in mrkdwn a bare `<` starts a control sequence that can swallow the text after it.
 */
export function formatDuration(ms: number): string {
  return formatSpan(ms, 'm');
}

/** A mention when `slackUserId` is a Slack user ID; otherwise the name, as text that pings nobody. */
export function userRef(slackUserId: string | undefined, fallbackName: string): string {
  if (slackUserId !== undefined && /^[UW][A-Z0-9]+$/.test(slackUserId)) return `<@${slackUserId}>`;
  return inlineText(fallbackName, 80);
}

/** `<@U…>` for a Slack user, `<!subteam^S…>` for a user group (IDs from config, not GitHub). */
export function mention(id: string): string {
  return id.startsWith('S') ? `<!subteam^${id}>` : `<@${id}>`;
}

/**
 * The same text with every user and user-group mention turned into its ID as plain text
 * (`<@U0BOB>` → `@U0BOB`, `<!subteam^S0OPS|@ops>` → `@ops`), for answers shown to a channel that
 * name people without calling them: Slack notifies whoever a `<@U…>` or `<!subteam^…>` names
 * (https://docs.slack.dev/messaging/formatting-message-text/#mentioning-users), while `@U0BOB`
 * written out is only text (`link_names` no longer links users, and Overseer does not set it).
 */
export function quietMentions(text: string): string {
  return text
    .replace(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g, '@$1')
    .replace(/<!subteam\^(S[A-Z0-9]+)(?:\|@?([^>]*))?>/g, (_, id: string, name?: string) =>
      name ? `@${name}` : `@${id}`,
    );
}

/** A date each reader sees in their own time zone; `fallbackText` where clients cannot. */
export function slackDate(epochMs: number, fallbackText: string): string {
  const fallback = escapeMrkdwn(fallbackText);
  if (!Number.isFinite(epochMs)) return fallback;
  return `<!date^${Math.floor(epochMs / 1000)}^{date_short_pretty} {time}|${fallback}>`;
}

export interface JoinWithinOptions {
  /** Most characters of the result. */
  readonly max: number;
  /** Most items shown, however short. */
  readonly maxItems?: number;
  /** Between items; a new line unless given. */
  readonly separator?: string;
  /** Items that exist but were never passed in; they count in "…and N more". */
  readonly omitted?: number;
}

/**
 * Joins as many items as fit and says how many did not: `a, b, …and 3 more`. Items are already
 * mrkdwn (escaped); none is cut, so a link in one never breaks.
 */
export function joinWithin(items: readonly string[], options: JoinWithinOptions): string {
  const separator = options.separator ?? '\n';
  const omitted = options.omitted ?? 0;
  const maxItems = options.maxItems ?? items.length;
  const reserve = `${separator}${moreText(items.length + omitted)}`.length;
  const shown: string[] = [];
  let length = 0;
  for (const item of items) {
    if (shown.length >= maxItems) break;
    const next = length + (shown.length > 0 ? separator.length : 0) + item.length;
    const rest = items.length - shown.length - 1 + omitted;
    if (next + (rest > 0 ? reserve : 0) > options.max) break;
    shown.push(item);
    length = next;
  }
  const hidden = items.length - shown.length + omitted;
  if (hidden > 0) shown.push(moreText(hidden));
  return shown.join(separator);
}

function moreText(count: number): string {
  return `…and ${count} more`;
}
