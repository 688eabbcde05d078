import { describe, expect, it } from 'vitest';
import { noteRefusal } from '../../../../src/ci/domain/note-refusal.js';
import { type FixTask, openFixTask } from '../../../../src/fix-tasks/domain/fix-task.js';
import { transition } from '../../../../src/fix-tasks/domain/fix-task-transition.js';
import type { Incident } from '../../../../src/incidents/domain/incident.js';
import { renderWorkingOn } from '../../../../src/platform/slack/fix-tasks/working-on-view.js';
import { openIncident } from '../../../support/incident-fixture.js';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const watch = { repo: 'acme/widgets', workflow: 'ci.yml', branch: 'main' };
const RUN_URL = 'https://github.com/acme/widgets/actions/runs/9123';

const incident = openIncident(watch, 4, NOW - 2 * HOUR, {
  headSha: `abc1234${'0'.repeat(33)}`,
  run: { id: 9123, attempt: 1, url: RUN_URL },
});

/** `<!date^…|10:00 UTC>` as Slack gets it for `at`. */
const date = (at: number) =>
  `<!date^${at / 1000}^{date_short_pretty} {time}|${new Date(at).toISOString().slice(11, 16)} UTC>`;

function moved(task: FixTask, event: Parameters<typeof transition>[1], at: number): FixTask {
  const next = transition(task, event, at);
  if (!next.ok) throw new Error(next.reason);
  return next.task;
}

const pending = openFixTask({
  id: 'T-3',
  incidentId: incident.id,
  watch,
  plan: { strategy: 'rerun', run: incident.run, headSha: incident.headSha },
  now: NOW - 2 * HOUR,
});

describe('renderWorkingOn', () => {
  it('a pending task says nobody has taken it on, the plan, the incident and its history', () => {
    expect(renderWorkingOn({ kind: 'task', task: pending, incident, now: NOW }).split('\n')).toEqual([
      ':hourglass: Overseer proposed *fix task T-3* on *acme/widgets* and holds it: waiting for an approver to press *Approve & Start*. Nobody has taken it on yet.',
      `• Plan: re-run the failed jobs of <${RUN_URL}|run #9123> at \`abc1234\``,
      '• Incident `acme/widgets:ci.yml:main#4`: red for 2h, nobody has acknowledged it yet',
      '*History*',
      `• ${date(NOW - 2 * HOUR)} Overseer proposed the task`,
    ]);
  });

  it('a running task says who approved it and when, and refused attempts in its history', () => {
    let task = noteRefusal(
      pending,
      { by: 'U0VISITOR', action: 'approve', reason: 'not an approver' },
      NOW - HOUR,
    );
    task = moved(task, { type: 'approve', by: 'U0LEAD' }, NOW - 30 * MINUTE);
    task = moved(task, { type: 'remedy-started', attempt: 2 }, NOW - 29 * MINUTE);
    const acked = { ...incident, acknowledgedBy: 'U0CAROL', acknowledgedAt: NOW - 90 * MINUTE };
    const lines = renderWorkingOn({ kind: 'task', task, incident: acked, now: NOW }).split('\n');
    expect(lines[0]).toBe(
      ':arrows_counterclockwise: Overseer is working on it: *fix task T-3* on *acme/widgets* is running.',
    );
    expect(lines).toContain(`• Approved by <@U0LEAD> ${date(NOW - 30 * MINUTE)}`);
    expect(lines).toContain(
      `• Incident \`acme/widgets:ci.yml:main#4\`: red for 2h, acknowledged by <@U0CAROL> ${date(NOW - 90 * MINUTE)}`,
    );
    expect(lines.slice(-4)).toEqual([
      `• ${date(NOW - 2 * HOUR)} Overseer proposed the task`,
      `• ${date(NOW - HOUR)} <@U0VISITOR> tried to approve: refused (not an approver)`,
      `• ${date(NOW - 30 * MINUTE)} <@U0LEAD> approved`,
      `• ${date(NOW - 29 * MINUTE)} Overseer started the remedy`,
    ]);
  });

  it('a dismissed task says who dismissed it, when and why, with the reason as text', () => {
    const task = moved(pending, { type: 'dismiss', by: 'U0LEAD', reason: 'flaked <!channel>' }, NOW - HOUR);
    const lines = renderWorkingOn({ kind: 'task', task, incident, now: NOW }).split('\n');
    expect(lines[0]).toBe(
      ':no_entry_sign: Overseer is no longer working on it: *fix task T-3* on *acme/widgets* is dismissed.',
    );
    expect(lines).toContain(`• Dismissed by <@U0LEAD> ${date(NOW - HOUR)}: flaked &lt;!channel&gt;`);
    expect(lines.at(-1)).toBe(`• ${date(NOW - HOUR)} <@U0LEAD> dismissed: flaked &lt;!channel&gt;`);
  });

  it('asked by pull request, says which of the task it is and links it; only the latest 5 history lines', () => {
    let task: FixTask = {
      ...pending,
      refs: { pr: { number: 123, url: 'https://github.com/acme/widgets/pull/123' } },
    };
    for (let i = 0; i < 6; i += 1)
      task = noteRefusal(task, { by: 'U0VISITOR', action: 'dismiss', reason: 'not an approver' }, NOW - i);
    const lines = renderWorkingOn({ kind: 'task', task, incident, matched: 'pr', now: NOW }).split('\n');
    expect(lines[0]).toBe(
      '<https://github.com/acme/widgets/pull/123|acme/widgets#123> is the fix pull request of fix task T-3.',
    );
    expect(lines).toContain('• GitHub: <https://github.com/acme/widgets/pull/123|pull request #123>');
    expect(lines).toContain('*History* (the latest 5 of 7):');
    expect(lines.filter((line) => line.includes('tried to dismiss'))).toHaveLength(5);
  });

  it('an incident says how long it is red, who acknowledged it, and its task', () => {
    const task = moved(pending, { type: 'approve', by: 'U0LEAD' }, NOW - HOUR);
    const acked = { ...incident, acknowledgedBy: 'U0CAROL', acknowledgedAt: NOW - HOUR };
    expect(renderWorkingOn({ kind: 'incident', incident: acked, task, now: NOW }).split('\n')).toEqual([
      `:red_circle: Incident \`acme/widgets:ci.yml:main#4\` (*acme/widgets* ci.yml on main): red for 2h, acknowledged by <@U0CAROL> ${date(NOW - HOUR)}.`,
      `• Failing run: <${RUN_URL}|run #9123>`,
      '• Fix task T-3: starting, approved by <@U0LEAD>. `/overseer working-on T-3` tells more.',
    ]);
  });

  it('a resolved incident without a task says when it recovered and that no task was proposed', () => {
    const recovered: Incident = {
      ...incident,
      status: 'recovered',
      resolvedAt: NOW - HOUR,
      redForMs: 42 * MINUTE,
    };
    expect(renderWorkingOn({ kind: 'incident', incident: recovered, now: NOW })).toBe(
      [
        `:large_green_circle: Incident \`acme/widgets:ci.yml:main#4\` (*acme/widgets* ci.yml on main): recovered ${date(NOW - HOUR)}, after 42m of red.`,
        `• Failing run: <${RUN_URL}|run #9123>`,
        '• No fix task was proposed for it.',
      ].join('\n'),
    );
  });

  it('escapes everything taken from GitHub', () => {
    const odd = {
      ...incident,
      watch: { ...watch, branch: 'x<!here>' },
      run: { ...incident.run, url: 'javascript:alert(1)' },
    };
    const text = renderWorkingOn({ kind: 'incident', incident: odd, now: NOW });
    expect(text).toContain('on x&lt;!here&gt;');
    expect(text).toContain('• Failing run: run #9123');
    expect(text).not.toContain('javascript');
  });

  it('not found: a short answer naming what it looked for', () => {
    expect(
      renderWorkingOn({ kind: 'not-found', query: { kind: 'github', repo: 'acme/widgets', number: 124 } }),
    ).toBe('Overseer is not working on acme/widgets#124: no fix task has it as its pull request or issue.');
    expect(renderWorkingOn({ kind: 'not-found', query: { kind: 'task', taskId: 'T-99' } })).toMatch(
      /^Overseer holds no fix task T-99: .* `\/overseer tasks` lists the open ones\.$/,
    );
    expect(
      renderWorkingOn({ kind: 'not-found', query: { kind: 'incident', incidentId: 'a/b:ci.yml:main#1' } }),
    ).toMatch(/^Overseer holds no incident `a\/b:ci.yml:main#1`: /);
    expect(renderWorkingOn({ kind: 'unreadable', cause: 'store unreachable' })).toMatch(
      /could not be read \(store unreachable\)/,
    );
  });
});
