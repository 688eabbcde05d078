import { describe, expect, it } from 'vitest';
import type { WatchRef } from '../../../../src/core/domain/types.js';
import { createHealth } from '../../../../src/core/health.js';
import type { Incident } from '../../../../src/incidents/domain/incident.js';
import { slackSurface } from '../../../../src/platform/slack/slack-surface.js';
import { parseFlagsArgs } from '../../../../src/platform/slack/talk/flags-args.js';
import { flagAnswer, renderFlags } from '../../../../src/platform/slack/talk/flags-view.js';
import { HISTORY_KEPT, renderHistory } from '../../../../src/platform/slack/talk/history-view.js';
import { homeView } from '../../../../src/platform/slack/talk/home-view.js';
import { renderIncidents } from '../../../../src/platform/slack/talk/incidents-view.js';
import { suggestSubcommand } from '../../../../src/platform/slack/talk/suggest-subcommand.js';
import type { EpisodesReport } from '../../../../src/talk/describe-episodes.js';
import type { FlagsReport } from '../../../../src/talk/describe-flags.js';
import type { StatusReport } from '../../../../src/talk/describe-status.js';
import { historyOf } from '../../../support/history-of.js';
import { openIncident } from '../../../support/incident-fixture.js';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const MIN = 60_000;
const WIDGETS: WatchRef = { repo: 'acme/widgets', workflow: 'ci.yml', branch: 'main' };

const incident = (episode: number, extra: Partial<Incident> = {}) =>
  openIncident(WIDGETS, episode, NOW - 90 * MIN, extra);

const episodes: EpisodesReport = {
  ok: true,
  now: NOW,
  watches: [
    {
      watch: WIDGETS,
      signal: 'red',
      episodes: [
        { incident: incident(3, { acknowledgedBy: 'U0CAROL', acknowledgedAt: NOW - 80 * MIN }) },
        {
          incident: incident(2, {
            status: 'recovered',
            since: NOW - 600 * MIN,
            resolvedAt: NOW - 560 * MIN,
            redForMs: 40 * MIN,
            resolvedSha: 'b'.repeat(40),
          }),
        },
        { incident: incident(1, { status: 'flaky', since: NOW - 900 * MIN, resolvedAt: NOW - 895 * MIN }) },
      ],
    },
  ],
};

const flags: FlagsReport = {
  ok: true,
  now: NOW,
  flags: [
    { name: 'selfHeal.enabled', value: true, configured: true },
    {
      name: 'selfHeal.originate',
      value: false,
      configured: true,
      override: false,
      changed: { by: 'U0ALICE', at: NOW - 120 * MIN },
    },
  ],
};

describe('/overseer flags arguments', () => {
  it.each([
    [[], { ok: true, kind: 'list' }],
    [
      ['originate', 'off'],
      { ok: true, kind: 'set', flag: 'selfHeal.originate', value: false, confirmed: false },
    ],
    [
      ['selfHeal.enabled', 'ON'],
      { ok: true, kind: 'set', flag: 'selfHeal.enabled', value: true, confirmed: false },
    ],
    [
      ['enabled', 'off', 'confirm'],
      { ok: true, kind: 'set', flag: 'selfHeal.enabled', value: false, confirmed: true },
    ],
  ])('%j is understood', (args, expected) => {
    expect(parseFlagsArgs(args)).toEqual(expected);
  });

  it.each([
    [['pause', 'on'], 'There is no flag `pause`.'],
    [['originate'], 'Say `on` or `off` after `originate`.'],
    [['originate', 'off', 'please'], 'Only `confirm` may follow `originate off`.'],
    [['<!here>', 'on'], 'There is no flag `&lt;!here&gt;`.'],
  ])('%j gets a specific answer', (args, start) => {
    const parsed = parseFlagsArgs(args);
    expect(parsed.ok ? '' : parsed.error).toMatch(new RegExp(`^${start.replace(/[.*`()|[\]]/g, '\\$&')}`));
  });
});

describe('did you mean', () => {
  const known = Object.keys(slackSurface.command.subcommands);
  it.each([
    ['stauts', 'status'],
    ['incident', 'incidents'],
    ['hist', 'history'],
    ['flag', 'flags'],
    ['resme', 'resume'],
    ['xyzzy', undefined],
    ['s', undefined],
  ])('%s -> %s', (typed, meant) => {
    expect(suggestSubcommand(typed, known)).toBe(meant);
  });
});

describe('flags, incidents and history views', () => {
  it('lists both flags with who changed them when', () => {
    expect(renderFlags(flags)).toBe(
      [
        '*Feature flags*',
        '• `selfHeal.enabled` (watch CI and post incidents): *on*, as configured (on)',
        '• `selfHeal.originate` (propose held fix tasks on a regression): *off*, set off from Slack by <@U0ALICE> 2h ago; configured on',
        'Admins change them with `/overseer flags &lt;enabled|originate&gt; &lt;on|off&gt;`; every replica follows at its next check, no restart needed.',
      ].join('\n'),
    );
  });

  it('says a dormant replica needs a restart to follow enabled on', () => {
    const changed = { kind: 'changed', flag: 'selfHeal.enabled', value: true, at: NOW } as const;
    expect(flagAnswer(changed, true)).toContain('starts reading CI only after a restart');
    expect(flagAnswer(changed, false)).toContain('no restart needed');
  });

  it('incidents: the open one with its age, who acknowledged and that there is no task', () => {
    expect(renderIncidents(episodes)).toBe(
      [
        '*Open incidents* (1)',
        ':red_circle: *acme/widgets* ci.yml on main: red for 1h 30m, acknowledged by <@U0CAROL> after 10m · incident `acme/widgets:ci.yml:main#3` · message not posted yet · no fix task',
      ].join('\n'),
    );
    expect(renderIncidents({ ok: true, now: NOW, watches: [] })).toBe(
      ':large_green_circle: No incident is open.',
    );
  });

  it('history: each episode with its outcome, time to acknowledge and to green, and what is kept', () => {
    const text = renderHistory(historyOf(episodes), undefined);
    expect(text.split('\n')).toEqual([
      '*Red episodes of the last 30 days* (3), newest first:',
      '• :red_circle: *acme/widgets* ci.yml on main #3 opened 2026-11-29 10:30 UTC, still red: 1h 30m so far · acknowledged by <@U0CAROL> after 10m',
      '• :large_green_circle: *acme/widgets* ci.yml on main #2 opened 2026-11-29 02:00 UTC, resolved 2026-11-29 02:40 UTC: red 40m, recovered at `bbbbbbb` · not acknowledged',
      '• :large_yellow_circle: *acme/widgets* ci.yml on main #1 opened 2026-11-28 21:00 UTC, resolved 2026-11-28 21:05 UTC: red 5m, flaky (a re-run passed) · not acknowledged',
      HISTORY_KEPT,
    ]);
  });
});

describe('the Home tab', () => {
  const status = (watches: number): StatusReport => ({
    dormant: false,
    settings: {
      ok: true,
      settings: {
        selfHeal: { enabled: true, originate: false },
        pause: { by: 'U0ALICE', reason: 'freeze', since: NOW, until: NOW + 60 * MIN },
      },
    },
    watches: Array.from({ length: watches }, (_, i) => ({
      repo: i === 0 ? 'acme/widgets' : `acme/repo-${i}`,
      workflow: 'ci.yml',
      branch: 'main',
      channel: 'C0INC',
      signal: i === 0 ? 'red' : 'green',
      ...(i === 0 ? { incident: episodes.ok ? episodes.watches[0]?.episodes[0]?.incident : undefined } : {}),
    })) as StatusReport['watches'],
    health: createHealth(NOW, false),
    now: NOW,
  });

  it('shows the pause, each watch with its episodes, and read-only flags for a non-admin', () => {
    const view = homeView({ status: status(2), flags, episodes, admin: false });
    const text = JSON.stringify(view);
    expect(text).toContain('Paused until 13:00 UTC by <@U0ALICE>: freeze.');
    expect(text).toContain('*acme/widgets* ci.yml on main: red for 1h 30m');
    expect(text).toContain('Last episodes kept: :red_circle: :large_green_circle: :large_yellow_circle:');
    expect(text).toContain('*acme/repo-1* ci.yml on main');
    expect(text).not.toContain('overseer_flag_set');
  });

  it('lists the Slack deliveries set aside to admins only', () => {
    const watches = status(1).watches.map((watch) => ({
      ...watch,
      setAside: [
        {
          item: { kind: 'render', id: 3, incidentId: 'acme/widgets#3' },
          method: 'chat.update',
          code: 'message_not_found',
          channel: 'C0INC',
          at: NOW - 5 * MIN,
        } as const,
      ],
    }));
    const shown = (admin: boolean) =>
      JSON.stringify(homeView({ status: { ...status(1), watches }, flags, episodes, admin }));
    expect(shown(true)).toContain('1 Slack delivery set aside (refused for good, not retried)');
    expect(shown(true)).toContain('`chat.update` to <#C0INC>: `message_not_found` (the message was deleted)');
    expect(shown(false)).not.toContain('set aside');
  });

  it('gives admins toggles: Turn off with a confirm dialog, Turn on without', () => {
    const view = homeView({ status: status(1), flags, episodes, admin: true }) as {
      blocks: { accessory?: { text: { text: string }; value: string; confirm?: unknown } }[];
    };
    const toggles = view.blocks.flatMap((block) => (block.accessory ? [block.accessory] : []));
    expect(toggles.map((t) => [t.text.text, JSON.parse(t.value), t.confirm !== undefined])).toEqual([
      ['Turn off', { flag: 'selfHeal.enabled', value: false }, true],
      ['Turn on', { flag: 'selfHeal.originate', value: true }, false],
    ]);
  });

  it('stays within 100 blocks however many repos are watched', () => {
    const view = homeView({ status: status(150), flags, episodes, admin: true }) as { blocks: unknown[] };
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(view)).toContain('…and 110 more');
  });
});
