import fc from 'fast-check';

/**
 * Pieces of text someone who can push to a repo could put in a commit message, a job or step
 * name, a workflow name or a login to make Overseer's messages ping, mislead or break: Slack's
 * control sequences (https://docs.slack.dev/messaging/formatting-message-text/), entities, style
 * marks, code fences, controls, bidirectional overrides, zero-width characters, emoji sequences.
 */
export const HOSTILE_PIECES = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@U0ALICE>',
  '<@W0ADMIN|boss>',
  '<!subteam^S0OPS|@ops>',
  '<#C0GENERAL>',
  '<http://evil.example|https://github.com/acme/widgets>',
  '<https://evil.example>',
  '<mailto:a@evil.example|mail>',
  '<!date^1700000000^{date}|x>',
  '@channel',
  '@here',
  '&lt;!here&gt;',
  '&amp;',
  '&',
  '<',
  '>',
  '> quoted',
  '|',
  '`',
  '```',
  '```\n<!here>\n```',
  '*bold*',
  '_italic_',
  '~strike~',
  ':rotating_light:',
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\u007f',
  '\u0085',
  '\r\n',
  '\t',
  '\u202e',
  '\u202dx\u202c',
  '\u2066\u2069',
  '\u200b',
  '\u200d',
  '\ufeff',
  '👩‍👩‍👧',
  '\ud83d',
  'אבג',
  'x'.repeat(5_000),
] as const;

/** Text built from hostile pieces and arbitrary strings, from empty to a few thousand characters. */
export function hostileText(maxPieces = 6): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_PIECES) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  );
  return fc.array(piece, { minLength: 1, maxLength: maxPieces }).map((parts) => parts.join(''));
}

/** A hostile text that is never blank (GitHub refuses empty names). */
export function hostileName(maxPieces = 4): fc.Arbitrary<string> {
  return hostileText(maxPieces).map((text) => (text.trim() === '' ? `job ${text}` : text));
}
