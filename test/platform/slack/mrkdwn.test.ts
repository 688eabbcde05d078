import { describe, expect, it } from 'vitest';
import {
  escapeMrkdwn,
  formatDuration,
  inert,
  inlineCode,
  inlineText,
  joinWithin,
  link,
  slackDate,
  truncate,
  userRef,
} from '../../../src/platform/slack/mrkdwn.js';

describe('escapeMrkdwn', () => {
  it.each([
    ['<!channel>', '&lt;!channel&gt;'],
    ['<@U123>', '&lt;@U123&gt;'],
    ['<!subteam^S1>', '&lt;!subteam^S1&gt;'],
    ['<https://evil|github.com>', '&lt;https://evil|github.com&gt;'],
    ['a & b', 'a &amp; b'],
    ['&lt;', '&amp;lt;'],
    ['plain *bold* text', 'plain *bold* text'],
  ])('%s shows as text', (input, escaped) => {
    expect(escapeMrkdwn(input)).toBe(escaped);
  });

  it.each([
    ['a right-to-left override', 'fix \u202egnp.exe', 'fix gnp.exe'],
    ['bidirectional isolates and embeddings', '\u2066a\u2069 \u202ab\u202c \u202dc', 'a b c'],
    ['C0 and C1 controls', 'bell\u0007 esc\u001b[31m del\u007f nel\u0085 cr\r', 'bell esc[31m del nel cr'],
    ['a NUL between the parts of a mention', '<\u0000!here>', '&lt;!here&gt;'],
  ])('drops %s', (_, input, shown) => {
    expect(escapeMrkdwn(input)).toBe(shown);
  });

  it('keeps tabs, new lines, zero-width joiners and emoji sequences', () => {
    expect(escapeMrkdwn('a\tb\nc 👩\u200d👩\u200d👧')).toBe('a\tb\nc 👩\u200d👩\u200d👧');
  });

  it('replaces half a surrogate pair, so it cannot merge with the > that closes a link', () => {
    expect(escapeMrkdwn('job \ud83d')).toBe('job \ufffd');
    expect(escapeMrkdwn('\udc3e job')).toBe('\ufffd job');
    expect(link('https://github.com/a/b', 'job \ud83d')).toBe('<https://github.com/a/b|job \ufffd>');
  });
});

describe('truncate', () => {
  it('keeps short text and cuts long text with an ellipsis, within max', () => {
    expect(truncate('hello', 5)).toBe('hello');
    expect(truncate('hello world', 6)).toBe('hello…');
    expect(truncate('hello world', 6)).toHaveLength(6);
    expect(truncate('hello', 1)).toBe('…');
    expect(truncate('hello', 0)).toBe('');
  });

  it('never splits a surrogate pair', () => {
    const cut = truncate('ab😀cd', 4);
    expect(cut).toBe('ab…');
    expect(truncate('ab😀cd', 5)).toBe('ab😀…');
  });
});

describe('inlineText', () => {
  it('puts multi-line text on one line, cut before escaping', () => {
    expect(inlineText('fix\n\n<b>', 100)).toBe('fix &lt;b&gt;');
    expect(inlineText('<<<<<<', 3)).toBe('&lt;&lt;…');
  });
});

describe('link', () => {
  it('links http(s) URLs with an escaped label', () => {
    expect(link('https://github.com/a/b/actions/runs/1', 'run <1> & more')).toBe(
      '<https://github.com/a/b/actions/runs/1|run &lt;1&gt; &amp; more>',
    );
    expect(link('http://ci.example/x', 'x')).toBe('<http://ci.example/x|x>');
  });

  it('percent-encodes what would end or split the link', () => {
    expect(link('https://a.example/x|y<z>w v', 'l')).toBe('<https://a.example/x%7Cy%3Cz%3Ew%20v|l>');
  });

  it('shows only the label for other schemes', () => {
    expect(link('javascript:alert(1)', 'run')).toBe('run');
    expect(link('slack://channel', '<!here>')).toBe('&lt;!here&gt;');
    expect(link('', 'run')).toBe('run');
  });
});

describe('formatDuration', () => {
  const m = 60_000;
  const h = 60 * m;
  it.each([
    [0, 'under a minute'],
    [59_999, 'under a minute'],
    [-5, 'under a minute'],
    [Number.NaN, 'under a minute'],
    [m, '1m'],
    [42 * m + 30_000, '42m'],
    [h, '1h'],
    [h + 5 * m, '1h 5m'],
    [24 * h, '1d'],
    [2 * 24 * h + 3 * h + 59 * m, '2d 3h'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('userRef', () => {
  it('mentions Slack user IDs and shows anything else as text', () => {
    expect(userRef('U012ABC', 'octocat')).toBe('<@U012ABC>');
    expect(userRef('W0ENTERPRISE1', 'octocat')).toBe('<@W0ENTERPRISE1>');
    expect(userRef(undefined, 'octocat')).toBe('octocat');
    expect(userRef('S123', 'octocat')).toBe('octocat');
    expect(userRef('U1> <!channel', 'x')).toBe('x');
    expect(userRef(undefined, '<!channel>')).toBe('&lt;!channel&gt;');
  });
});

describe('slackDate', () => {
  it('formats in the reader time zone with an escaped fallback', () => {
    expect(slackDate(1_700_000_000_999, '2023-11-14 <UTC>')).toBe(
      '<!date^1700000000^{date_short_pretty} {time}|2023-11-14 &lt;UTC&gt;>',
    );
    expect(slackDate(Number.NaN, 'unknown')).toBe('unknown');
  });
});

describe('joinWithin', () => {
  it('joins everything that fits', () => {
    expect(joinWithin(['a', 'b'], { max: 100, separator: ', ' })).toBe('a, b');
    expect(joinWithin([], { max: 100 })).toBe('');
  });

  it('says how many items it left out, by count or by length, within max', () => {
    expect(joinWithin(['a', 'b', 'c'], { max: 100, maxItems: 2, separator: ', ' })).toBe('a, b, …and 1 more');
    expect(joinWithin(['a'], { max: 100, omitted: 4 })).toBe('a\n…and 4 more');
    const items = Array.from({ length: 500 }, (_, i) => `item number ${i}`);
    const text = joinWithin(items, { max: 200 });
    expect(text.length).toBeLessThanOrEqual(200);
    const shown = text.split('\n').length - 1;
    expect(text.endsWith(`…and ${500 - shown} more`)).toBe(true);
  });

  it('shows only the count when not even one item fits', () => {
    expect(joinWithin(['x'.repeat(50), 'y'], { max: 20 })).toBe('…and 2 more');
  });
});

describe('inert', () => {
  it.each([
    ['unit_tests', 'unit_tests'],
    ['snake_case_name', 'snake_case_name'],
    ['a*b*c', 'a*b*c'],
    ['*bold*', '∗bold∗'],
    ['_it_', 'ˍitˍ'],
    ['~gone~', '∼gone∼'],
    ['**x**', '∗∗x∗∗'],
    ['release/**', 'release/∗∗'],
    ['`code`', 'ˋcodeˋ'],
    ['a`b', 'aˋb'],
    ['<!here> & <@U1>', '&lt;!here&gt; &amp; &lt;@U1&gt;'],
    ['x|y>z', 'x|y&gt;z'],
  ])('%s shows as %s', (input, shown) => {
    expect(inert(input)).toBe(shown);
  });

  it('keeps the length of what it does not escape', () => {
    expect(inert('*_~`')).toHaveLength(4);
  });
});

describe('inlineCode', () => {
  it('is one code span that no backtick closes early, styles left as they are', () => {
    expect(inlineCode('x` *b* `y', 100)).toBe('`xˋ *b* ˋy`');
    expect(inlineCode('a\n<b>', 100)).toBe('`a &lt;b&gt;`');
    expect(inlineCode('abcdef', 4)).toBe('`abc…`');
  });
});
