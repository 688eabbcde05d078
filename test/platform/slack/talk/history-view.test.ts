import { describe, expect, it } from 'vitest';
import type { WatchRef } from '../../../../src/core/domain/types.js';
import { HISTORY_KEPT, renderHistory } from '../../../../src/platform/slack/talk/history-view.js';
import type { EpisodeRecord } from '../../../../src/report/index.js';
import { blockKitProblems } from '../../../support/block-kit-check.js';
import { historyOf } from '../../../support/history-of.js';
import { openIncident } from '../../../support/incident-fixture.js';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const H = 3_600_000;
const DAY = 24 * H;
const WIDGETS: WatchRef = { repo: 'acme/widgets', workflow: 'ci.yml', branch: 'main' };

const open = openIncident(WIDGETS, 9, NOW - 2 * H);

const held = {
  ok: true as const,
  now: NOW,
  watches: [{ watch: WIDGETS, signal: 'red' as const, episodes: [{ incident: open }] }],
};

const stored: EpisodeRecord[] = [
  {
    watch: WIDGETS,
    fact: {
      episode: 8,
      since: Date.parse('2026-12-04T08:00:00Z'),
      resolvedAt: Date.parse('2026-12-04T11:15:00Z'),
      ended: 'fixed',
      sha: 'ddddddd',
      ackBy: 'U0ALICE',
      ackAt: Date.parse('2026-12-04T08:12:00Z'),
      task: { id: 'T-12', state: 'verified', mergedAt: Date.parse('2026-12-04T11:00:00Z') },
    },
  },
  {
    watch: WIDGETS,
    fact: {
      episode: 7,
      since: Date.parse('2026-12-02T23:50:00Z'),
      resolvedAt: Date.parse('2026-12-03T00:20:00Z'),
      ended: 'flaky',
      sha: 'aaaaaaa',
      flaked: ['test (ubuntu)', 'lint', 'e2e', 'docs'],
    },
  },
];

describe('/overseer history from the stored history', () => {
  it('gives each episode’s times in UTC, red time, how it ended and the acknowledgement', () => {
    const text = renderHistory(historyOf(held, stored), 'acme/widgets');
    const lines = text.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      '*Red episodes of the last 30 days* (3), newest first:',
      '• :red_circle: *acme/widgets* ci.yml on main #9 opened 2026-12-06 10:00 UTC, still red: 2h so far · not acknowledged',
      '• :large_green_circle: *acme/widgets* ci.yml on main #8 opened 2026-12-04 08:00 UTC, resolved 2026-12-04 11:15 UTC: red 3h 15m, fixed by task `T-12` at `ddddddd` · acknowledged by <@U0ALICE> after 12m',
      '• :large_yellow_circle: *acme/widgets* ci.yml on main #7 opened 2026-12-02 23:50 UTC, resolved 2026-12-03 00:20 UTC: red 30m, flaky (a re-run passed: test (ubuntu), lint, e2e, 1 more) at `aaaaaaa` · not acknowledged',
    ]);
    // The open episode is in its document: its timeline follows for a named repo.
    expect(lines[4]).toBe('_Timeline of #9:_');
    expect(lines.at(-1)).toBe(HISTORY_KEPT);
  });

  it('bounds the list and says how many more there are', () => {
    const many: EpisodeRecord[] = Array.from({ length: 45 }, (_, i) => ({
      watch: WIDGETS,
      fact: { episode: i + 1, since: NOW - (i + 2) * H, resolvedAt: NOW - (i + 1) * H, ended: 'recovered' },
    }));
    const text = renderHistory(historyOf({ ok: true, now: NOW, watches: [] }, many), undefined);
    expect(text.split('\n').filter((line) => line.startsWith('• '))).toHaveLength(30);
    expect(text).toContain('*Red episodes of the last 30 days* (45), newest first:');
    expect(text).toContain('…and 15 more. `/overseer history owner/repo` narrows it to one repo.');
    expect(text).toContain('#30 ');
    expect(text).not.toContain('#31 ');
  });

  it('stays inert and within Slack’s limits with hostile names at the bound', () => {
    const hostile: WatchRef = {
      repo: `<!channel>/*${'x'.repeat(90)}*`,
      workflow: '<https://evil.test|ci>.yml',
      branch: '`main`&<@U0EVE>',
    };
    const many: EpisodeRecord[] = Array.from({ length: 60 }, (_, i) => ({
      watch: hostile,
      fact: {
        episode: i + 1,
        since: NOW - ((i + 2) * DAY) / 4,
        resolvedAt: NOW - ((i + 1) * DAY) / 4,
        ended: 'flaky',
        sha: '<!here>',
        ackBy: '<!channel>',
        ackAt: NOW - ((i + 2) * DAY) / 4 + H,
        flaked: Array.from({ length: 5 }, () => `<!everyone> ${'y'.repeat(200)}`),
        task: { id: '<@U0EVE>', state: 'opened' as never },
      },
    }));
    const text = renderHistory(historyOf({ ok: true, now: NOW, watches: [] }, many), hostile.repo);
    expect(blockKitProblems({ text }, 'message')).toEqual([]);
    expect(text).not.toMatch(/<!channel>|<!here>|<!everyone>|<@U0EVE>/);
  });

  it('says plainly when nothing was red, and when the store cannot be read', () => {
    expect(renderHistory(historyOf({ ok: true, now: NOW, watches: [] }), undefined)).toBe(
      'No red episode in the last 30 days.',
    );
    expect(renderHistory(historyOf({ ok: true, now: NOW, watches: [] }), 'acme/<b>')).toContain(
      'acme/&lt;b&gt;',
    );
    expect(renderHistory({ ok: false, cause: 'store unreachable' }, undefined)).toBe(
      ':warning: The history cannot be read (store unreachable). Try again in a minute.',
    );
  });
});
