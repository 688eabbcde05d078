import { describe, expect, it } from 'vitest';
import { createHealth } from '../../../../src/core/health.js';
import type { SetAside } from '../../../../src/incidents/set-aside.js';
import { setAsideLines } from '../../../../src/platform/slack/incidents/set-aside-view.js';
import type { StatusReport, WatchStatus } from '../../../../src/talk/describe-status.js';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const MIN = 60_000;

function report(watches: WatchStatus[]): StatusReport {
  const settings = { ok: true, settings: { selfHeal: { enabled: true, originate: false } } } as const;
  return { dormant: false, settings, watches, health: createHealth(NOW, false), now: NOW };
}

const aside = (
  code: string,
  channel: string,
  minutesAgo: number,
  kind: 'render' | 'dm' = 'render',
): SetAside => ({
  item:
    kind === 'dm'
      ? { kind: 'dm', user: channel, token: 't', id: 7, incidentId: 'acme/widgets#4' }
      : { kind: 'render', id: 3, incidentId: 'acme/widgets#4' },
  method: kind === 'dm' ? 'conversations.open' : 'chat.update',
  code,
  channel,
  at: NOW - minutesAgo * MIN,
});

const base = {
  repo: 'acme/<widgets>',
  workflow: 'ci.yml',
  branch: 'main',
  channel: 'C0INC',
  signal: 'red',
} as const;

describe('deliveries set aside, as admins see them in /overseer status and on the Home tab', () => {
  it('lists each watch’s set-aside items, newest first, with Slack’s reason and what it means', () => {
    const lines = setAsideLines(
      report([
        {
          ...base,
          setAside: [aside('user_not_found', 'U0GONE', 2, 'dm'), aside('message_not_found', 'C0INC', 30)],
        },
        { ...base, repo: 'acme/quiet' },
      ]),
    );
    expect(lines).toEqual([
      ':no_entry_sign: *acme/&lt;widgets&gt;* ci.yml: 2 Slack deliveries set aside (refused for good, not retried)',
      '• dm of incident `acme/widgets#4`, `conversations.open` to <@U0GONE>: `user_not_found` (no such Slack user), 2m ago',
      '• render of incident `acme/widgets#4`, `chat.update` to <#C0INC>: `message_not_found` (the message was deleted), 30m ago',
    ]);
  });

  it('lists the newest three and counts the rest; nothing at all when none was set aside', () => {
    const kept = [1, 2, 3, 4, 5].map((ago) => aside('is_archived', 'C0INC', ago));
    const lines = setAsideLines(report([{ ...base, setAside: kept }]));
    expect(lines).toHaveLength(5);
    expect(lines.at(-1)).toBe('• …and 2 older');
    expect(setAsideLines(report([{ ...base }]))).toEqual([]);
  });
});
