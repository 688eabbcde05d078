import { describe, expect, it } from 'vitest';
import { buildJobExcerpt, fingerprintOf } from '../../../src/diagnosis/domain/job-excerpt.js';

const stamp = (second: number): string => `2026-08-14T05:58:${String(second).padStart(2, '0')}.1234567Z`;
const jestLog = (test: string, at: number, ms: number): string =>
  [
    '##[group]Run npm test',
    'npm test',
    '##[endgroup]',
    `  ✓ passes (${ms} ms)`,
    `  ● ${test}`,
    '    expect(received).toBe(expected) // Object.is equality',
    '    Expected: 3',
    '    Received: 4',
    `Time:        ${ms / 100} s`,
    '##[error]Process completed with exit code 1.',
  ]
    .map((line, i) => `${stamp(at + i)} ${line}`)
    .join('\n');

const fingerprintFor = (log: string): string | undefined =>
  fingerprintOf(buildJobExcerpt({ jobName: 'test', step: 'Run npm test', log, annotations: [] }));

describe('buildJobExcerpt fingerprints from the rule-found block', () => {
  it('tells two failing tests with the same assertion apart', () => {
    expect(fingerprintFor(jestLog('cart › totals', 0, 12))).not.toBe(
      fingerprintFor(jestLog('cart › empties', 0, 12)),
    );
  });

  it('gives a re-run of the same failure the same fingerprint', () => {
    expect(fingerprintFor(jestLog('cart › totals', 0, 12))).toBe(
      fingerprintFor(jestLog('cart › totals', 30, 47)),
    );
  });

  it("prefers the log's failure block to annotations that only repeat it", () => {
    const excerpt = buildJobExcerpt({
      jobName: 'test',
      step: 'Run npm test',
      log: jestLog('cart › totals', 0, 12),
      annotations: ['Process completed with exit code 1.'],
    });
    expect('lines' in excerpt ? excerpt.lines[0] : undefined).toBe('● cart › totals');
  });
});
