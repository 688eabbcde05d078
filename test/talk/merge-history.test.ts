import { describe, expect, it } from 'vitest';
import type { WatchRef } from '../../src/core/domain/types.js';
import type { EpisodeRecord } from '../../src/report/index.js';
import type { WatchEpisodes } from '../../src/talk/describe-episodes.js';
import { mergeHistory } from '../../src/talk/merge-history.js';
import { openIncident } from '../support/incident-fixture.js';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const H = 3_600_000;
const DAY = 24 * H;
const WIDGETS: WatchRef = { repo: 'acme/widgets', workflow: 'ci.yml', branch: 'main' };
const GADGETS: WatchRef = { repo: 'acme/gadgets', workflow: 'ci.yml', branch: 'main' };

const incident = openIncident;

const stored = (watch: WatchRef, episode: number, since: number, resolvedAt: number): EpisodeRecord => ({
  watch,
  fact: { episode, since, resolvedAt, ended: 'recovered', sha: 'bbbbbbb' },
});

const key = ({ watch, fact }: { watch: WatchRef; fact: { episode: number } }) =>
  `${watch.repo}#${fact.episode}`;

describe('mergeHistory', () => {
  const open = incident(WIDGETS, 5, NOW - 2 * H, { acknowledgedBy: 'U0CAROL', acknowledgedAt: NOW - H });
  // The document still holds episode 4 too: the history has it as well (recorded when it ended).
  const before = incident(WIDGETS, 4, NOW - 3 * DAY, {
    status: 'recovered',
    resolvedAt: NOW - 3 * DAY + H,
    resolvedSha: 'c'.repeat(40),
  });
  const held: WatchEpisodes[] = [
    { watch: WIDGETS, signal: 'red', episodes: [{ incident: open }, { incident: before }] },
  ];
  const history = [
    stored(WIDGETS, 4, NOW - 3 * DAY, NOW - 3 * DAY + 30 * 60_000),
    stored(WIDGETS, 3, NOW - 5 * DAY, NOW - 5 * DAY + H),
    stored(GADGETS, 9, NOW - 4 * DAY, NOW - 4 * DAY + 2 * H),
    stored(GADGETS, 8, NOW - 40 * DAY, NOW - 39 * DAY),
  ];

  it('lists the open episode first, then every episode newest first, each once', () => {
    const page = mergeHistory(held, history, { from: NOW - 30 * DAY, limit: 30 });
    expect(page.lines.map(key)).toEqual([
      'acme/widgets#5',
      'acme/widgets#4',
      'acme/gadgets#9',
      'acme/widgets#3',
    ]);
    expect(page.more).toBe(0);
  });

  it('takes the document’s episode over the stored one, and keeps the document’s incident for its details', () => {
    const page = mergeHistory(held, history, { from: NOW - 30 * DAY, limit: 30 });
    const four = page.lines.find((line) => key(line) === 'acme/widgets#4');
    expect(four?.fact).toMatchObject({ resolvedAt: NOW - 3 * DAY + H, sha: 'ccccccc', ended: 'recovered' });
    expect(four?.episode?.incident).toBe(before);
    const openLine = page.lines[0];
    expect(openLine?.fact.resolvedAt).toBeUndefined();
    expect(openLine?.fact).toMatchObject({ ackBy: 'U0CAROL', ackAt: NOW - H, since: NOW - 2 * H });
    expect(page.lines.find((line) => key(line) === 'acme/gadgets#9')?.episode).toBeUndefined();
  });

  it('leaves out episodes that ended before the start, but never the open one', () => {
    const page = mergeHistory(held, history, { from: NOW - 4 * DAY, limit: 30 });
    expect(page.lines.map(key)).toEqual(['acme/widgets#5', 'acme/widgets#4', 'acme/gadgets#9']);
    const old = incident(WIDGETS, 5, NOW - 60 * DAY);
    const stillOpen = mergeHistory([{ watch: WIDGETS, signal: 'red', episodes: [{ incident: old }] }], [], {
      from: NOW - DAY,
      limit: 30,
    });
    expect(stillOpen.lines.map(key)).toEqual(['acme/widgets#5']);
  });

  it('shows at most `limit` lines and counts the rest', () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      stored(GADGETS, i + 1, NOW - (i + 2) * H, NOW - (i + 1) * H),
    );
    const page = mergeHistory(held, many, { from: NOW - 30 * DAY, limit: 5 });
    expect(page.lines.map(key)).toEqual([
      'acme/widgets#5',
      'acme/gadgets#1',
      'acme/gadgets#2',
      'acme/gadgets#3',
      'acme/gadgets#4',
    ]);
    expect(page.more).toBe(14 - 5);
    expect(mergeHistory(held, many, { from: NOW - 30 * DAY, limit: 0 })).toEqual({ lines: [], more: 14 });
  });
});
