import type { KnownBlock } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import type { WatchRef } from '../../../src/core/domain/types.js';
import { createHealth } from '../../../src/core/health.js';
import type { Incident } from '../../../src/incidents/domain/incident.js';
import { renderWhyRed } from '../../../src/platform/slack/diagnosis/why-red-view.js';
import { renderDm } from '../../../src/platform/slack/escalation/escalation-view.js';
import { taskReply } from '../../../src/platform/slack/fix-tasks/task-actions.js';
import { renderWorkingOn } from '../../../src/platform/slack/fix-tasks/working-on-view.js';
import { renderDigest } from '../../../src/platform/slack/incidents/digest-view.js';
import { renderIncident } from '../../../src/platform/slack/incidents/incident-view.js';
import { renderThreadNote } from '../../../src/platform/slack/incidents/thread-note-view.js';
import {
  renderThreadStatus,
  renderThreadTimeline,
} from '../../../src/platform/slack/incidents/thread-status-view.js';
import { inert, inlineCode } from '../../../src/platform/slack/mrkdwn.js';
import { renderHistory } from '../../../src/platform/slack/talk/history-view.js';
import { homeView } from '../../../src/platform/slack/talk/home-view.js';
import { renderIncidents } from '../../../src/platform/slack/talk/incidents-view.js';
import { renderStatus } from '../../../src/platform/slack/talk/status-view.js';
import type { EpisodesReport } from '../../../src/talk/describe-episodes.js';
import type { StatusReport } from '../../../src/talk/describe-status.js';
import { historyOf } from '../../support/history-of.js';

/**
 * The worst names GitHub may hand us (job, step, workflow, branch names, commit titles, logins):
 * a code span, every style mark, broadcasts and mentions, link syntax, and what ends a link label.
 */
const WORST = [
  '`rm -rf` *bold* _it_ ~gone~ <!here> <@U0EVIL> a|b>c & <https://evil.example|github.com>',
  '```open block',
  '*_~`',
  'x` <!channel> `y',
] as const;

const NOW = Date.parse('2026-11-29T12:00:00Z');
const MIN = 60_000;
const JOB_URL = 'https://github.com/acme/widgets/actions/runs/901/job/7';

function incident(name: string, extra: Partial<Incident> = {}): Incident {
  const watch: WatchRef = { repo: 'acme/widgets', workflow: name, branch: name };
  return {
    id: `acme/widgets:${name}:${name}#3`,
    watch,
    episode: 3,
    status: 'open',
    since: NOW - 90 * MIN,
    sinceUnknown: false,
    lastGreenSha: 'a'.repeat(40),
    firstRedSha: 'b'.repeat(40),
    headSha: 'b'.repeat(40),
    run: { id: 901, attempt: 1, url: 'https://github.com/acme/widgets/actions/runs/901' },
    failingJobs: [{ name, conclusion: 'failure', url: JOB_URL, failedSteps: [name] }],
    suspects: [{ sha: 'b'.repeat(40), title: name, authorName: name, authorLogin: name }],
    suspectsOmitted: 0,
    laterRedShas: [],
    ...extra,
  };
}

function texts(blocks: readonly KnownBlock[] | readonly unknown[]): string {
  return JSON.stringify(blocks)
    .match(/"text":"((?:[^"\\]|\\.)*)"/g)
    ?.map((m) => JSON.parse(m.slice(7)) as string)
    .join('\n') as string;
}

function episodes(name: string): EpisodesReport {
  const open = incident(name, { acknowledgedBy: 'U0CAROL', acknowledgedAt: NOW - 80 * MIN });
  return {
    ok: true,
    now: NOW,
    watches: [{ watch: open.watch, signal: 'red', episodes: [{ incident: open }] }],
  };
}

function status(name: string): StatusReport {
  return {
    dormant: false,
    settings: { ok: true, settings: { selfHeal: { enabled: true, originate: false } } },
    watches: [
      {
        repo: 'acme/widgets',
        workflow: name,
        branch: name,
        channel: 'C0INC',
        signal: 'red',
        incident: incident(name),
      },
    ],
    health: createHealth(NOW, false),
    now: NOW,
  } as StatusReport;
}

const VIEWS: ReadonlyArray<readonly [string, (name: string) => string]> = [
  ['incident message (open)', (name) => texts(renderIncident(incident(name), NOW).blocks)],
  [
    'incident message (flaky)',
    (name) =>
      texts(
        renderIncident(
          incident(name, {
            status: 'flaky',
            resolvedAt: NOW,
            resolvedSha: 'c'.repeat(40),
            flakedJobs: [name],
          }),
          NOW,
        ).blocks,
      ),
  ],
  ['why-red answer', (name) => renderWhyRed(incident(name))],
  ['DM', (name) => texts(renderDm(incident(name), 'https://slack.example/p1').blocks)],
  ['/overseer history', (name) => renderHistory(historyOf(episodes(name)), 'acme/widgets')],
  ['/overseer incidents', (name) => renderIncidents(episodes(name))],
  ['/overseer status', (name) => renderStatus(status(name))],
  ['thread status', (name) => renderThreadStatus(incident(name), undefined, NOW)],
  [
    'Home tab',
    (name) =>
      texts(
        (
          homeView({
            status: status(name),
            flags: { ok: true, now: NOW, flags: [] },
            episodes: episodes(name),
            admin: false,
          }) as {
            blocks: unknown[];
          }
        ).blocks,
      ),
  ],
  [
    'thread note (still red at a new commit)',
    (name) =>
      renderThreadNote(
        {
          type: 'still-red',
          commit: { sha: 'c'.repeat(40), title: name, authorName: name, authorLogin: name },
          otherNewCommits: 0,
          runUrl: 'https://github.com/acme/widgets/actions/runs/902',
          failingJobs: [name],
        },
        incident(name).watch,
      ),
  ],
  [
    'thread note (flaky)',
    (name) =>
      renderThreadNote(
        {
          type: 'flaky',
          sha: 'c'.repeat(40),
          redForMs: MIN,
          runUrl: 'https://github.com/acme/widgets/actions/runs/902',
          flakedJobs: [name],
          flakesToday: 3,
          repeated: true,
        },
        incident(name).watch,
      ),
  ],
  [
    '/overseer working-on (incident)',
    (name) => renderWorkingOn({ kind: 'incident', incident: incident(name), now: NOW }),
  ],
  ['thread timeline', (name) => renderThreadTimeline(incident(name), undefined, NOW)],
  [
    'fix task click answer (checks of the pull request)',
    (name) =>
      taskReply({ kind: 'blocked', reason: `pull request #3 is not green: its checks failed (${name})` }) ??
      '',
  ],
  [
    'daily digest',
    (name) =>
      texts(
        renderDigest('2026-11-29', [
          { event: 'flaky', watch: incident(name).watch, incidentId: 'i#1', jobs: [name], at: NOW },
        ]).blocks,
      ),
  ],
];

/** What would make Slack format, ping or link: none of it may come from the name. */
function expectInert(text: string, name: string): void {
  expect(text).not.toContain('<!here>');
  expect(text).not.toContain('<!channel>');
  expect(text).not.toContain('<@U0EVIL>');
  expect(text).not.toContain('<https://evil.example');
  // Every code span opened on a line is closed on it: a name never opens one.
  for (const line of text.split('\n')) expect(line.split('`').length % 2, line).toBe(1);
  // Outside code spans (where Slack applies no style), no style mark of the name is left to pair.
  const styled = text.replace(/`[^`\n]*`/g, '');
  expect(styled).not.toContain('*bold*');
  expect(styled).not.toContain('_it_');
  expect(styled).not.toContain('~gone~');
  // The name is there, as text (its start: some views cut long names).
  const start = (shown: string) => text.includes(shown.slice(0, 20));
  expect(start(inert(name)) || start(inlineCode(name, 1000)), text).toBe(true);
}

describe('names from GitHub are inert in every view', () => {
  for (const [view, render] of VIEWS) {
    it.each(WORST)(`${view}: %s`, (name) => {
      expectInert(render(name), name);
    });
  }

  it('the failing-jobs link keeps its whole label and its target', () => {
    const text = texts(renderIncident(incident(WORST[0]), NOW).blocks);
    expect(text).toContain(`<${JOB_URL}|${inert(WORST[0])}>`);
    expect(renderWhyRed(incident(WORST[0]))).toContain(`<${JOB_URL}|${inert(WORST[0])}>`);
  });
});
