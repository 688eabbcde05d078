import type { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { WatchRef } from '../../../../src/core/domain/types.js';
import { createHealth } from '../../../../src/core/health.js';
import type { Incident } from '../../../../src/incidents/domain/incident.js';
import type { ThreadIncident } from '../../../../src/incidents/find-thread-incident.js';
import { quietMentions } from '../../../../src/platform/slack/mrkdwn.js';
import {
  type MentionDeps,
  registerMentionListener,
} from '../../../../src/platform/slack/talk/mention-listener.js';
import {
  type CommandDeps,
  registerOverseerCommand,
} from '../../../../src/platform/slack/talk/overseer-command.js';
import type { EpisodesReport } from '../../../../src/talk/describe-episodes.js';
import type { HistoryQuery, HistoryReport } from '../../../../src/talk/describe-history.js';
import type { StatusReport, WatchStatus } from '../../../../src/talk/describe-status.js';
import { historyOf } from '../../../support/history-of.js';
import { openIncident } from '../../../support/incident-fixture.js';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const MIN = 60_000;
const TEAM = 'C0TEAM';
const OTHER = 'C0OTHER';
const OURS: WatchRef = { repo: 'acme/widgets', workflow: 'ci.yml', branch: 'main' };
const THEIRS: WatchRef = { repo: 'acme/secret', workflow: 'ci.yml', branch: 'main' };

function incident(watch: WatchRef): Incident {
  return openIncident(watch, 1, NOW - 30 * MIN, {
    acknowledgedBy: 'U0CAROL',
    acknowledgedAt: NOW - 25 * MIN,
    replies: { count: 1, recent: [{ user: 'U0BOB', text: 'on it', ts: String((NOW - 20 * MIN) / 1000) }] },
  });
}

const watchStatus = (watch: WatchRef, channel: string): WatchStatus => ({
  ...watch,
  channel,
  signal: 'red',
  incident: incident(watch),
});

const ALL = [watchStatus(OURS, TEAM), watchStatus(THEIRS, OTHER)];

function status(scope?: { readonly channel?: string }): Promise<StatusReport> {
  return Promise.resolve({
    dormant: false,
    settings: { ok: true, settings: { selfHeal: { enabled: true, originate: false } } },
    watches: ALL.filter((watch) => scope?.channel === undefined || watch.channel === scope.channel),
    health: createHealth(NOW, false),
    now: NOW,
  });
}

function episodes(repo?: string): Promise<EpisodesReport> {
  const watches = [OURS, THEIRS]
    .filter((watch) => repo === undefined || watch.repo === repo)
    .map((watch) => ({ watch, signal: 'red' as const, episodes: [{ incident: incident(watch) }] }));
  return Promise.resolve({ ok: true, now: NOW, watches });
}

/** The history as `describeHistory` answers it: the documents' episodes, only the watches `keep` accepts. */
async function history(query: HistoryQuery): Promise<HistoryReport> {
  const held = await episodes(query.repo);
  if (!held.ok) return held;
  const keep = query.keep ?? (() => true);
  return historyOf({ ...held, watches: held.watches.filter(({ watch }) => keep(watch)) });
}

const unused = () => {
  throw new Error('not expected');
};

const DEPS = {
  log: { debug() {}, info() {}, warn() {}, error() {} },
  status,
  dormant: false,
  check: async () => 0,
  changePause: unused,
  workingOn: async (query: { incidentId?: string }) => ({
    kind: 'incident',
    incident: incident(query.incidentId?.startsWith('acme/secret') ? THEIRS : OURS),
    now: NOW,
  }),
  flags: async () => ({ ok: true, now: NOW, flags: [] }),
  changeFlag: unused,
  episodes,
  history,
  acknowledge: unused,
  oncall: () => ({ now: { kind: 'users', ids: [] } }),
} as unknown as CommandDeps;

/** Runs `/overseer <text>` in `channel` and answers what Slack would be sent. */
async function command(text: string, channel = TEAM): Promise<{ text: string; response_type?: string }> {
  let handler: ((args: Record<string, unknown>) => Promise<void>) | undefined;
  const app = {
    command: (_: string, fn: typeof handler) => {
      handler = fn;
    },
  } as unknown as App;
  registerOverseerCommand(app, DEPS);
  const sent: { text: string; response_type?: string }[] = [];
  const take = async (message?: unknown) => {
    if (message !== undefined) sent.push(message as { text: string });
  };
  await handler?.({ ack: take, respond: take, command: { text, user_id: 'U0ASKER', channel_id: channel } });
  const [answer] = sent;
  if (answer === undefined) throw new Error('no answer');
  return answer;
}

describe('/overseer … public', () => {
  it.each(['status', 'incidents', 'history', 'tasks'])(
    '%s public shows only the watches whose incidents go to this channel',
    async (sub) => {
      const answer = await command(`${sub} public`);
      expect(answer.response_type).toBe('in_channel');
      if (sub !== 'tasks') expect(answer.text).toContain('acme/widgets');
      expect(answer.text).not.toContain('acme/secret');
    },
  );

  it.each(['status', 'incidents', 'history'])(
    '%s, asked for the asker alone, still lists every watch',
    async (sub) => {
      const answer = await command(sub);
      expect(answer.response_type).toBe('ephemeral');
      expect(answer.text).toContain('acme/widgets');
      expect(answer.text).toContain('acme/secret');
    },
  );

  it.each([
    ['history public', 'acknowledged by @U0CAROL'],
    ['history acme/widgets public', '@U0CAROL acknowledged it'],
    ['history public', 'last by @U0BOB'],
    ['incidents public', 'acknowledged by @U0CAROL'],
    ['status public', 'acknowledged by @U0CAROL'],
  ])('%s names people as text, without notifying them: %s', async (typed, named) => {
    const answer = await command(typed);
    expect(answer.text).toContain(named);
    expect(answer.text).not.toMatch(/<@U|<!subteam/);
  });

  it('working-on public answers about this channel’s watches and declines another channel’s', async () => {
    const ours = await command('working-on acme/widgets:ci.yml:main#1 public');
    expect(ours.text).toContain('acme/widgets');
    const theirs = await command('working-on acme/secret:ci.yml:main#1 public');
    expect(theirs.response_type).toBe('in_channel');
    expect(theirs.text).not.toContain('acme/secret');
    expect(theirs.text).toContain('not about a watch whose incidents go to this channel');
    expect((await command('working-on acme/secret:ci.yml:main#1')).text).toContain('acme/secret');
  });

  it('the answer for the asker alone may mention: nobody else sees it, so nobody is notified', async () => {
    expect((await command('history')).text).toContain('acknowledged by <@U0CAROL>');
  });
});

describe('@Overseer answers in a thread', () => {
  it.each(['timeline', 'status'])(
    '"%s" names who acknowledged and replied without notifying them',
    async (asked) => {
      let listener: ((args: Record<string, unknown>) => Promise<void>) | undefined;
      const app = {
        event: (_: string, fn: typeof listener) => {
          listener = fn;
        },
      } as unknown as App;
      const found = { slot: { incident: incident(OURS) } } as unknown as ThreadIncident;
      const deps = {
        log: DEPS.log,
        status,
        threadIncident: async () => found,
        acknowledge: unused,
        oncall: () => ({ now: { kind: 'users', ids: [] } }),
        now: () => NOW,
      } as unknown as MentionDeps;
      registerMentionListener(app, deps);
      const said: string[] = [];
      await listener?.({
        event: { channel: TEAM, ts: '2.0', thread_ts: '1.0', text: `<@U0BOT> ${asked}`, user: 'U0ASKER' },
        say: async (message: { text: string }) => void said.push(message.text),
      });
      expect(said).toHaveLength(1);
      expect(said[0]).toContain('@U0CAROL');
      expect(said[0]).not.toMatch(/<@U|<!subteam/);
    },
  );
});

describe('quietMentions', () => {
  it.each([
    ['acknowledged by <@U0CAROL>', 'acknowledged by @U0CAROL'],
    ['<@W0ENT|carol> and <@U0BOB>', '@W0ENT and @U0BOB'],
    ['whoever is in <!subteam^S0OPS>', 'whoever is in @S0OPS'],
    ['<!subteam^S0OPS|@ops> on call', '@ops on call'],
    ['<#C0INC> and <https://x.example|link> stay', '<#C0INC> and <https://x.example|link> stay'],
    ['&lt;@U0EVIL&gt; stays text', '&lt;@U0EVIL&gt; stays text'],
  ])('%s → %s', (text, quiet) => {
    expect(quietMentions(text)).toBe(quiet);
  });
});
