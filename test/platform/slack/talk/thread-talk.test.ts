import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../../../../src/core/domain/types.js';
import { openFixTask } from '../../../../src/fix-tasks/domain/fix-task.js';
import type { Incident } from '../../../../src/incidents/domain/incident.js';
import { incidentTimeline } from '../../../../src/incidents/domain/incident-timeline.js';
import {
  addReply,
  MAX_REPLIES,
  REPLY_TEXT_MAX,
  type ThreadReplies,
} from '../../../../src/incidents/domain/thread-replies.js';
import { renderWhy, renderWhyRed } from '../../../../src/platform/slack/diagnosis/why-red-view.js';
import { renderIncident } from '../../../../src/platform/slack/incidents/incident-view.js';
import { plainReply, repliesWords } from '../../../../src/platform/slack/incidents/reply-text.js';
import { humanThreadReply } from '../../../../src/platform/slack/incidents/thread-reply-listener.js';
import {
  renderThreadStatus,
  renderThreadTimeline,
} from '../../../../src/platform/slack/incidents/thread-status-view.js';
import { slackPresenter } from '../../../../src/platform/slack/slack-presenter.js';
import { renderHistory } from '../../../../src/platform/slack/talk/history-view.js';
import { parseThreadAsk, type ThreadAsk } from '../../../../src/platform/slack/talk/thread-ask.js';
import { historyOf } from '../../../support/history-of.js';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const MIN = 60_000;
const ts = (epochMs: number) => (epochMs / 1000).toFixed(6);

function incident(extra: Partial<Incident> = {}): Incident {
  return {
    id: 'acme/widgets:ci.yml:main#4',
    watch: { repo: 'acme/widgets', workflow: 'ci.yml', branch: 'main' },
    episode: 4,
    status: 'open',
    since: NOW - 30 * MIN,
    sinceUnknown: false,
    lastGreenSha: 'b'.repeat(40),
    firstRedSha: 'a'.repeat(40),
    headSha: 'a'.repeat(40),
    run: { id: 77, attempt: 2, url: 'https://github.com/acme/widgets/actions/runs/77' },
    failingJobs: [
      {
        name: 'test <!channel>',
        conclusion: 'failure',
        url: 'https://github.com/acme/widgets/actions/runs/77/job/1',
        failedSteps: ['Run <@U0EVE> tests'],
      },
    ],
    suspects: [
      { sha: 'a'.repeat(40), title: 'Break <https://evil|parser>', authorName: 'Bob', authorLogin: 'bob' },
    ],
    suspectsOmitted: 0,
    laterRedShas: [],
    ...extra,
  };
}

function replies(...said: [string, string, number][]): ThreadReplies {
  let held: ThreadReplies | undefined;
  for (const [user, text, at] of said) held = addReply(held, { user, text, ts: ts(at) });
  if (held === undefined) throw new Error('no replies');
  return held;
}

describe('what a person asks @Overseer in an incident thread', () => {
  it.each<[string, ThreadAsk]>([
    ['<@U0BOT> what are you working on?', 'status'],
    ['<@U0BOT> status', 'status'],
    ['<@U0BOT> ack', 'ack'],
    ['<@U0BOT> Acknowledged!', 'ack'],
    ["<@U0BOT> I'll take it", 'ack'],
    ['<@U0BOT> why is CI red?', 'why'],
    ['<@U0BOT> what broke', 'why'],
    ['<@U0BOT> who is on call?', 'oncall'],
    ['<@U0BOT> timeline', 'timeline'],
    ['<@U0BOT> help', 'help'],
    ['<@U0BOT> ?', 'help'],
    ['<@U0BOT> hello there', 'other'],
    ['<@U0BOT> back to you <@U0ALICE>', 'other'],
  ])('%s is %s', (text, ask) => {
    expect(parseThreadAsk(text)).toBe(ask);
  });
});

describe('human replies in a thread', () => {
  const base = {
    channel_type: 'channel',
    ts: '1700000100.000200',
    thread_ts: '1700000000.000100',
    user: 'U0BOB',
  };

  it('keeps a person’s reply in a thread of a public or private channel', () => {
    expect(humanThreadReply({ ...base, text: 'looking' })).toMatchObject({ user: 'U0BOB', text: 'looking' });
    expect(humanThreadReply({ ...base, channel_type: 'group', text: 'x' })).toBeDefined();
  });

  it.each([
    ['a top-level message', { ...base, thread_ts: undefined }],
    ['the thread parent itself', { ...base, ts: base.thread_ts }],
    ['an edit', { ...base, subtype: 'message_changed' }],
    ['a bot', { ...base, bot_id: 'B0BOT' }],
    ['a direct message', { ...base, channel_type: 'im' }],
  ])('drops %s', (_name, event) => {
    expect(humanThreadReply(event)).toBeUndefined();
  });

  it('are bounded: the latest MAX_REPLIES kept, each cut to REPLY_TEXT_MAX, all counted, a repeat once', () => {
    let held: ThreadReplies | undefined;
    for (let i = 0; i < MAX_REPLIES + 5; i += 1) {
      held = addReply(held, { user: 'U0BOB', text: 'x'.repeat(600), ts: ts(NOW + i * 1000) });
    }
    const again = addReply(held, { user: 'U0BOB', text: 'again', ts: ts(NOW + 54_000) });
    expect(again).toBe(held);
    expect(held?.count).toBe(MAX_REPLIES + 5);
    expect(held?.recent).toHaveLength(MAX_REPLIES);
    expect(held?.recent[0]?.ts).toBe(ts(NOW + 5000));
    expect(held?.recent[0]?.text).toHaveLength(REPLY_TEXT_MAX);
  });

  it('are shown as text that pings nobody and disguises no link', () => {
    expect(plainReply('<!channel> see <https://evil.test|the log> &amp; ask <@U0ALICE>', 200)).toBe(
      '@channel see the log &amp; ask @U0ALICE',
    );
    expect(plainReply('a &amp; b', 5)).toBe('a …');
    expect(repliesWords(undefined)).toBeUndefined();
    const said = replies(['U0ALICE', 'on it', NOW - 5 * MIN], ['U0BOB', 'fixed', NOW - MIN]);
    expect(repliesWords(said)).toBe('2 replies in the thread; last by <@U0BOB>');
    expect(repliesWords(said, false)).toBe('2 replies in the thread');
  });
});

describe('an incident’s timeline', () => {
  it('merges Overseer’s events, the fix task’s moves and the replies in time order, latest `max`', () => {
    const task = openFixTask({
      id: 'T-3',
      incidentId: 'acme/widgets:ci.yml:main#4',
      watch: incident().watch,
      plan: { strategy: 'rerun', run: incident().run, headSha: 'a'.repeat(40) },
      now: NOW - 29 * MIN,
    });
    const resolved = incident({
      status: 'recovered',
      acknowledgedBy: 'U0ALICE',
      acknowledgedAt: NOW - 20 * MIN,
      resolvedAt: NOW - 2 * MIN,
      replies: replies(['U0BOB', 'I reverted it', NOW - 10 * MIN]),
    });
    expect(incidentTimeline(resolved, task).map((entry) => entry.kind)).toEqual([
      'opened',
      'task',
      'acknowledged',
      'reply',
      'resolved',
    ]);
    expect(incidentTimeline(resolved, task, 2).map((entry) => entry.kind)).toEqual(['reply', 'resolved']);
    const text = renderThreadTimeline(resolved, task, NOW);
    expect(text).toContain('Overseer proposed fix task T-3');
    expect(text).toContain('<@U0BOB>: “I reverted it”');
    expect(text).toContain('CI recovered');
  });
});

describe('answers in an incident thread', () => {
  it('status: red since, failing jobs, acknowledgement, fix task, latest timeline; GitHub text escaped', () => {
    const text = renderThreadStatus(
      incident({ acknowledgedBy: 'U0ALICE', acknowledgedAt: NOW - MIN }),
      undefined,
      NOW,
    );
    expect(text).toContain('Incident `acme/widgets:ci.yml:main#4`: red for 30m, acknowledged by <@U0ALICE>');
    expect(text).toContain('`test &lt;!channel&gt;` (at `Run &lt;@U0EVE&gt; tests`)');
    expect(text).toContain('No fix task was proposed for it.');
    expect(text).toContain('Overseer opened the incident');
    expect(text).not.toMatch(/<!channel>|<@U0EVE>/);
  });

  it('why is CI red: the run, each job with its failed steps (and error lines when known), the suspects', () => {
    const text = renderWhyRed(incident());
    expect(text).toContain('<https://github.com/acme/widgets/actions/runs/77|run #77 (attempt 2)>');
    expect(text).toContain('/job/1|test &lt;!channel&gt;> — failed at `Run &lt;@U0EVE&gt; tests`');
    expect(text).not.toContain('&amp;');
    expect(text).toContain('*Suspected commits* (last green `bbbbbbb`..first red `aaaaaaa`)');
    expect(text).toContain('Break &lt;https://evil|parser&gt; — bob');
    const job: JobInfo = {
      name: 'test',
      conclusion: 'failure',
      url: 'https://github.com/acme/widgets/actions/runs/77/job/1',
      failedSteps: ['Run tests'],
      excerpt: { lines: ['Error: <boom>'], primary: 'Error: <boom>', step: 'Run tests', fingerprint: 'f1' },
    };
    const withLines = incident({ failingJobs: [job] });
    expect(renderWhyRed(withLines)).toContain('```Error: &lt;boom&gt;```');
    const gone = incident({ failingJobs: [{ ...job, excerpt: { unavailable: 'expired' } }] });
    expect(renderWhyRed(gone)).toMatch(/_log unavailable: [^_]+_/);
    // Asked outside a thread: each open incident of the channel, or plainly nothing.
    expect(renderWhy([withLines, gone])).toContain('```Error: &lt;boom&gt;```');
    expect(renderWhy([])).toBe('Nothing is red here: no open incident in this channel.');
  });

  it('the resolved summary and history count the replies in the thread', () => {
    const said = replies(['U0ALICE', 'on it', NOW - 5 * MIN], ['U0BOB', 'fixed', NOW - MIN]);
    const recovered = incident({ status: 'recovered', resolvedAt: NOW, redForMs: 30 * MIN, replies: said });
    expect(JSON.stringify(renderIncident(recovered, NOW).blocks)).toContain(
      ':speech_balloon: 2 replies in the thread; last by <@U0BOB>',
    );
    expect(JSON.stringify(renderIncident(incident({ replies: said }), NOW).blocks)).not.toContain('replies');
    const note = slackPresenter.note(
      { type: 'recovered', sha: 'c'.repeat(40), redForMs: 30 * MIN, runUrl: 'https://x.test' },
      recovered,
    );
    expect(note).toContain(':speech_balloon: 2 replies in the thread.');
    const history = renderHistory(
      historyOf({
        ok: true,
        now: NOW,
        watches: [{ watch: recovered.watch, signal: 'green', episodes: [{ incident: recovered }] }],
      }),
      'acme/widgets',
    );
    expect(history).toContain('· 2 replies in the thread; last by <@U0BOB>');
    expect(history).toContain('_Timeline of #4:_');
    expect(history).toContain('<@U0BOB>: “fixed”');
  });
});
