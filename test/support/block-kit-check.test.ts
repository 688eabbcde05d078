import { describe, expect, it } from 'vitest';
import { blockKitProblems, mrkdwnProblems } from './block-kit-check.js';

const OPTIONS = { mentionable: ['U0LEAD', 'C0INC'], linkPrefixes: ['https://github.com/'] };

describe('the Block Kit checker', () => {
  it.each([
    ['<!here>', 'a special mention'],
    ['<!channel> now', 'a special mention'],
    ['hi <@U0EVIL>', 'a mention of someone not configured'],
    ['<!subteam^S0OPS|@ops>', 'a group mention not configured'],
    ['<#C0GENERAL>', 'a link to a channel not configured'],
    ['<http://evil.example|https://github.com/a/b>', 'a link Overseer did not mean'],
    ['a <b', 'an unclosed <'],
    ['x &lt;ok&gt; y &amp;lt; z &foo;', 'a bare &'],
    ['a > b', 'a bare >'],
    ['fix \u202egnp.exe', 'an unsafe control character'],
    ['job \ud83d', 'an unsafe control character'],
    ['bell\u0007', 'an unsafe control character'],
  ])('finds %j', (text, problem) => {
    expect(mrkdwnProblems(text, OPTIONS).join('\n')).toContain(problem);
  });

  it.each([
    'plain text, Approve & Start',
    '<https://github.com/acme/widgets/actions/runs/1|run #1> by <@U0LEAD> in <#C0INC>',
    '<https://github.com/a/b|a|b label> &lt;!here&gt; &amp;',
    '> a quote\n> on two lines',
    '<!date^1700000000^{date_short_pretty}|Nov 14>',
    '👩\u200d👩\u200d👧 a\tb',
  ])('passes %j', (text) => {
    expect(mrkdwnProblems(text, OPTIONS)).toEqual([]);
  });

  it('holds blocks to the limits Slack documents', () => {
    const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
    const button = (text: string) => ({ type: 'button', text: { type: 'plain_text', text }, action_id: 'a' });
    const problems = blockKitProblems(
      {
        blocks: [
          section('x'.repeat(3_001)),
          { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } },
          { type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) },
          { type: 'actions', elements: [button('b'.repeat(76)), button('plain \u202e text')] },
          ...Array.from({ length: 47 }, () => section('ok')),
        ],
      },
      'message',
      OPTIONS,
    ).join('\n');
    expect(problems).toContain('blocks: 51 blocks over 50');
    expect(problems).toContain('blocks[0].text: 3001 characters over 3000');
    expect(problems).toContain('blocks[1].text: 151 characters over 150');
    expect(problems).toContain('blocks[2]: 11 elements over 10');
    expect(problems).toContain('blocks[3].elements[0].text: 76 characters over 75');
    expect(problems).toContain('blocks[3].elements[1].text: an unsafe control character');
    expect(blockKitProblems({ blocks: Array.from({ length: 51 }, () => section('ok')) }, 'view')).toEqual([]);
  });
});
