// Every view's renderer, fed incidents whose GitHub text (workflow, branch, job and step names,
// log lines, commit titles, authors, logins) is hostile: a thousand cases, each checked with the
// Block Kit checker. The in-process run (views-inert.test.ts) covers the wiring; this covers the
// renderers' corners (long lists, many jobs, every note type) at a property's volume.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHealth } from '../../src/core/health.js';
import { openFixTask } from '../../src/fix-tasks/domain/fix-task.js';
import type { Incident } from '../../src/incidents/domain/incident.js';
import type { ThreadNote } from '../../src/incidents/domain/thread-note.js';
import { renderWhyRed } from '../../src/platform/slack/diagnosis/why-red-view.js';
import { renderDm } from '../../src/platform/slack/escalation/escalation-view.js';
import { renderTask } from '../../src/platform/slack/fix-tasks/task-view.js';
import { renderWorkingOn } from '../../src/platform/slack/fix-tasks/working-on-view.js';
import { renderDigest } from '../../src/platform/slack/incidents/digest-view.js';
import { renderIncident } from '../../src/platform/slack/incidents/incident-view.js';
import { renderThreadNote } from '../../src/platform/slack/incidents/thread-note-view.js';
import {
  renderThreadStatus,
  renderThreadTimeline,
} from '../../src/platform/slack/incidents/thread-status-view.js';
import { renderHistory } from '../../src/platform/slack/talk/history-view.js';
import { homeView } from '../../src/platform/slack/talk/home-view.js';
import { renderIncidents } from '../../src/platform/slack/talk/incidents-view.js';
import { renderStatus, renderTasks } from '../../src/platform/slack/talk/status-view.js';
import type { EpisodesReport } from '../../src/talk/describe-episodes.js';
import type { StatusReport } from '../../src/talk/describe-status.js';
import { blockKitProblems } from '../support/block-kit-check.js';
import { historyOf } from '../support/history-of.js';
import { hostileName, hostileText } from '../support/hostile-text.js';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const MIN = 60_000;
const RUN_URL = 'https://github.com/acme/widgets/actions/runs/901';
const CHANNEL = 'C0INC';
const OPTIONS = {
  mentionable: ['U0CAROL', 'U0LEAD', CHANNEL],
  linkPrefixes: ['https://github.com/', 'https://slack.example/'],
};
const sha = fc.stringMatching(/^[0-9a-f]{40}$/);

const Job = fc.record({
  name: hostileName(),
  steps: fc.array(hostileName(), { maxLength: 4 }),
  lines: fc.option(fc.array(hostileText(3), { minLength: 1, maxLength: 12 }), { nil: undefined }),
});

const Suspect = fc
  .record({
    sha,
    title: hostileText(6),
    authorName: hostileName(),
    authorLogin: fc.option(hostileName(2), { nil: undefined }),
  })
  .map(({ authorLogin, ...commit }) => (authorLogin === undefined ? commit : { ...commit, authorLogin }));

/**
 * A branch name as git allows it (https://git-scm.com/docs/git-check-ref-format: no controls,
 * spaces, `~^:?*[\\`), as long as a ref file name may be (255); `<`, `>`, `|`, `@`, `!`, `&` and
 * backticks are allowed. The workflow is a file name from the config, as long as a file name may be.
 */
const branchName = hostileName(3).map(
  // biome-ignore lint/suspicious/noControlCharactersInRegex: git refuses control characters in ref names.
  (text) => text.replace(/[\u0000-\u0020\u007f~^:?*[\\]/g, '').slice(0, 255) || 'main',
);
const workflowName = hostileName(2).map((text) => text.slice(0, 255));

const HostileIncident = fc
  .record({
    workflow: workflowName,
    branch: branchName,
    jobs: fc.array(Job, { maxLength: 14 }),
    suspects: fc.array(Suspect, { maxLength: 14 }),
    status: fc.constantFrom('open', 'recovered', 'flaky'),
    flaked: fc.array(hostileName(), { maxLength: 5 }),
    seen: fc.option(hostileText(3), { nil: undefined }),
    heads: fc.tuple(sha, sha, sha),
  })
  .map(({ workflow, branch, jobs, suspects, status, flaked, seen, heads }): Incident => {
    const watch = { repo: 'acme/widgets', workflow, branch };
    const [lastGreen, firstRed, head] = heads;
    return {
      id: `acme/widgets:${workflow}:${branch}#3`,
      watch,
      episode: 3,
      status,
      since: NOW - 90 * MIN,
      sinceUnknown: false,
      lastGreenSha: lastGreen,
      firstRedSha: firstRed,
      headSha: head,
      run: { id: 901, attempt: 2, url: RUN_URL },
      failingJobs: jobs.map((job, index) => ({
        id: index + 1,
        name: job.name,
        conclusion: 'failure',
        url: `${RUN_URL}/job/${index + 1}`,
        failedSteps: job.steps,
        failedStepNumber: 2,
        ...(job.lines === undefined
          ? {}
          : { excerpt: { lines: job.lines, primary: job.lines[0] ?? '', fingerprint: 'f' } }),
      })),
      suspects,
      suspectsOmitted: suspects.length > 10 ? 4 : 0,
      laterRedShas: [head],
      acknowledgedBy: 'U0CAROL',
      acknowledgedAt: NOW - 80 * MIN,
      ...(status === 'open' ? {} : { resolvedAt: NOW, resolvedSha: head, redForMs: 90 * MIN }),
      ...(status === 'flaky' ? { flakedJobs: flaked } : {}),
      ...(seen === undefined ? {} : { seenBefore: { text: seen, incidentId: 'i#1' } }),
    };
  });

function status(incident: Incident, task: ReturnType<typeof openFixTask>): StatusReport {
  return {
    dormant: false,
    settings: { ok: true, settings: { selfHeal: { enabled: true, originate: true } } },
    watches: [{ ...incident.watch, channel: CHANNEL, signal: 'red', incident, task }],
    health: createHealth(NOW, false),
    now: NOW,
  } as StatusReport;
}

function episodes(incident: Incident): EpisodesReport {
  return {
    ok: true,
    now: NOW,
    watches: [{ watch: incident.watch, signal: 'red', episodes: [{ incident }, { incident }] }],
  };
}

function notes(incident: Incident, names: readonly string[]): ThreadNote[] {
  const commit = incident.suspects[0] ?? { sha: incident.headSha, title: names[0] ?? '', authorName: 'x' };
  return [
    { type: 'still-red', commit, otherNewCommits: 3, runUrl: RUN_URL, failingJobs: names },
    { type: 'failed-again', sha: incident.headSha, attempt: 2, runUrl: RUN_URL, failingJobs: names },
    { type: 'recovered', sha: incident.headSha, redForMs: 5 * MIN, runUrl: RUN_URL },
    {
      type: 'flaky',
      sha: incident.headSha,
      redForMs: MIN,
      runUrl: RUN_URL,
      flakedJobs: names,
      flakesToday: 3,
      repeated: true,
    },
    { type: 'proposal-set-aside', reason: names.join(', ') },
    {
      type: 'fix-alert',
      taskId: 'T-3',
      alert: 'failed',
      detail: `the fix failed: ${names.join(', ')}`,
      mention: ['U0LEAD'],
      url: RUN_URL,
    },
  ];
}

/** Every view of one incident, as the payloads Slack gets: [where, surface, payload]. */
function everyView(incident: Incident, names: readonly string[]) {
  const task = openFixTask({
    id: 'T-3',
    incidentId: incident.id,
    watch: incident.watch,
    plan: { strategy: 'rerun', run: incident.run, headSha: incident.headSha },
    now: NOW - 30 * MIN,
  });
  const message = (text: string) => ({ text });
  const report = status(incident, task);
  return [
    ['incident message', 'message', renderIncident(incident, NOW, task)],
    ['incident message, no task', 'message', renderIncident(incident, NOW)],
    ['escalation DM', 'message', renderDm(incident, 'https://slack.example/p1')],
    ['fix task card', 'message', renderTask(task, incident)],
    ['why is CI red', 'message', message(renderWhyRed(incident))],
    ['thread status', 'message', message(renderThreadStatus(incident, task, NOW))],
    ['thread timeline', 'message', message(renderThreadTimeline(incident, task, NOW))],
    ['/overseer status', 'message', message(renderStatus(report))],
    ['/overseer tasks', 'message', message(renderTasks(report))],
    ['/overseer incidents', 'message', message(renderIncidents(episodes(incident)))],
    ['/overseer history', 'message', message(renderHistory(historyOf(episodes(incident)), 'acme/widgets'))],
    [
      '/overseer working-on incident',
      'message',
      message(renderWorkingOn({ kind: 'incident', incident, now: NOW })),
    ],
    [
      '/overseer working-on task',
      'message',
      message(renderWorkingOn({ kind: 'task', task, incident, now: NOW })),
    ],
    [
      'daily digest',
      'message',
      renderDigest('2026-11-29', [
        { event: 'flaky', watch: incident.watch, incidentId: incident.id, jobs: names, at: NOW },
        {
          event: 'flaky',
          watch: incident.watch,
          incidentId: incident.id,
          jobs: [],
          at: NOW,
          sha: incident.headSha,
          runUrl: RUN_URL,
        },
      ]),
    ],
    [
      'Home tab',
      'view',
      homeView({
        status: report,
        flags: { ok: true, now: NOW, flags: [] },
        episodes: episodes(incident),
        admin: true,
      }),
    ],
    ...notes(incident, names).map((note) => [
      `thread note ${note.type}`,
      'message',
      message(renderThreadNote(note, incident.watch)),
    ]),
  ] as const;
}

describe('hostile GitHub text, renderer by renderer', () => {
  it('every view is inert and within Block Kit limits (1,000 incidents)', () => {
    fc.assert(
      fc.property(HostileIncident, fc.array(hostileName(), { maxLength: 12 }), (incident, names) => {
        const problems = everyView(incident, names).flatMap(([where, surface, payload]) =>
          blockKitProblems(payload, surface as 'message' | 'view', OPTIONS).map(
            (problem) => `${where}: ${problem}`,
          ),
        );
        expect(problems.slice(0, 10)).toEqual([]);
      }),
      { numRuns: 1_000 },
    );
  }, 60_000);
});
