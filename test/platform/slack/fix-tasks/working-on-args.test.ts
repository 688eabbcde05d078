import { describe, expect, it } from 'vitest';
import { parseWorkingOnArgs } from '../../../../src/platform/slack/fix-tasks/working-on-args.js';

describe('what /overseer working-on is asked about', () => {
  it.each([
    ['T-3', { kind: 'task', taskId: 'T-3' }],
    ['t-03', { kind: 'task', taskId: 'T-3' }],
    ['acme/widgets:ci.yml:main#4', { kind: 'incident', incidentId: 'acme/widgets:ci.yml:main#4' }],
    [
      'acme/widgets:ci.yml:release/2.x#12',
      { kind: 'incident', incidentId: 'acme/widgets:ci.yml:release/2.x#12' },
    ],
    ['acme/widgets#123', { kind: 'github', repo: 'acme/widgets', number: 123 }],
    ['https://github.com/acme/widgets/pull/123', { kind: 'github', repo: 'acme/widgets', number: 123 }],
    [
      'https://github.com/acme/widgets/pull/123/files#diff-1',
      { kind: 'github', repo: 'acme/widgets', number: 123 },
    ],
    ['https://github.com/acme/widgets/issues/7', { kind: 'github', repo: 'acme/widgets', number: 7 }],
    ['https://ghe.acme.test/acme/widgets/pull/9', { kind: 'github', repo: 'acme/widgets', number: 9 }],
    ['<https://github.com/acme/widgets/pull/123>', { kind: 'github', repo: 'acme/widgets', number: 123 }],
    [
      '<https://github.com/acme/widgets/pull/123|acme/widgets#123>',
      { kind: 'github', repo: 'acme/widgets', number: 123 },
    ],
  ])('%s', (text, query) => {
    expect(parseWorkingOnArgs([text])).toEqual({ ok: true, query });
  });

  it('without an id, says what it can look up', () => {
    expect(parseWorkingOnArgs([])).toEqual({
      ok: false,
      error:
        'What should I look up? Give a fix task (`T-3`), an incident as `/overseer status` shows it (`acme/widgets:ci.yml:main#4`), or a pull request or issue (`acme/widgets#123`, or its GitHub URL).',
    });
  });

  it.each([
    'T-',
    'widgets#12',
    'https://github.com/acme/widgets/actions/runs/1',
    'ftp://github.com/acme/widgets/pull/1',
    'acme/widgets:ci.yml#4',
  ])('refuses %s, naming the forms it takes', (text) => {
    const parsed = parseWorkingOnArgs([text]);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(/is not something I can look up\. Give a fix task/);
  });

  it('echoes what it did not understand as text that pings nobody and keeps its code span', () => {
    const parsed = parseWorkingOnArgs(['<!channel>`x`']);
    expect(!parsed.ok && parsed.error).toMatch(/^`&lt;!channel&gt;'x'` is not something I can look up/);
  });
});
