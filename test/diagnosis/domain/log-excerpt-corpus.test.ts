// Runs the excerpt extractor over every sample of the log corpus (test/fixtures/logs/corpus) and
// measures how often the line a person must see (the sample's hand-written `key`) is in the
// excerpt. Prints one row per ecosystem; the README's "Why is it red" table is this output.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractLogExcerpt } from '../../../src/diagnosis/domain/log-excerpt.js';

const ECOSYSTEMS = [
  'jest-vitest',
  'mocha',
  'tsc',
  'eslint',
  'npm-install',
  'pytest',
  'unittest',
  'go',
  'rust',
  'maven',
  'gradle',
  'dotnet',
  'rspec',
  'minitest',
  'docker',
  'shell',
  'oom',
  'runner',
  'timeout-cancel',
] as const;
const GOAL = 0.95;

interface Sample {
  readonly file: string;
  readonly step: string;
  readonly key: string;
}

interface Outcome {
  readonly ecosystem: string;
  readonly file: string;
  readonly found: boolean;
  readonly primaryIsKey: boolean;
  readonly lines: readonly string[];
  readonly key: string;
}

const root = new URL('../../fixtures/logs/corpus/', import.meta.url);
const present = new Set(
  readdirSync(root, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? [entry.name] : [])),
);

function samplesOf(ecosystem: string): Sample[] {
  if (!present.has(ecosystem)) return [];
  return JSON.parse(readFileSync(new URL(`${ecosystem}/samples.json`, root), 'utf8')) as Sample[];
}

function run(ecosystem: string, sample: Sample): Outcome {
  const log = readFileSync(logOf(ecosystem, sample), 'utf8');
  const excerpt = extractLogExcerpt(log, sample.step);
  const lines = excerpt?.lines ?? [];
  return {
    ecosystem,
    file: sample.file,
    found: lines.some((line) => line.includes(sample.key)),
    primaryIsKey: excerpt?.primary.includes(sample.key) ?? false,
    lines,
    key: sample.key,
  };
}

const logOf = (ecosystem: string, sample: Sample): URL => new URL(`${ecosystem}/${sample.file}`, root);
const listed = ECOSYSTEMS.flatMap((ecosystem) =>
  samplesOf(ecosystem).map((sample) => ({ ecosystem, sample })),
);
const missing = listed.filter(({ ecosystem, sample }) => !existsSync(logOf(ecosystem, sample)));
const outcomes = listed
  .filter(({ ecosystem, sample }) => existsSync(logOf(ecosystem, sample)))
  .map(({ ecosystem, sample }) => run(ecosystem, sample));

function table(): string {
  const rows = ECOSYSTEMS.map((ecosystem) => {
    const mine = outcomes.filter((outcome) => outcome.ecosystem === ecosystem);
    const found = mine.filter((outcome) => outcome.found).length;
    const primary = mine.filter((outcome) => outcome.primaryIsKey).length;
    return `| ${ecosystem} | ${mine.length} | ${found} | ${primary} |`;
  });
  const found = outcomes.filter((outcome) => outcome.found).length;
  const primary = outcomes.filter((outcome) => outcome.primaryIsKey).length;
  return [
    '| ecosystem | samples | key line in the excerpt | key line is the primary line |',
    '| --- | --- | --- | --- |',
    ...rows,
    `| **all** | ${outcomes.length} | ${found} (${Math.round((100 * found) / Math.max(outcomes.length, 1))}%) | ${primary} |`,
  ].join('\n');
}

describe('the failure excerpt over the log corpus', () => {
  it('every ecosystem of the corpus has samples', () => {
    const empty = ECOSYSTEMS.filter((ecosystem) => samplesOf(ecosystem).length === 0);
    expect(empty).toEqual([]);
  });

  it('every sample listed in a samples.json has its log', () => {
    expect(missing.map(({ ecosystem, sample }) => `${ecosystem}/${sample.file}`)).toEqual([]);
  });

  it(`shows the key line for at least ${GOAL * 100}% of the samples`, () => {
    console.log(`\n${table()}\n`);
    for (const miss of outcomes.filter((outcome) => !outcome.found)) {
      console.log(
        `missed ${miss.ecosystem}/${miss.file}: key ${JSON.stringify(miss.key)}\n  ${miss.lines.join('\n  ')}`,
      );
    }
    const found = outcomes.filter((outcome) => outcome.found).length;
    expect(outcomes.length).toBeGreaterThan(0);
    expect(found / outcomes.length).toBeGreaterThanOrEqual(GOAL);
  });
});
