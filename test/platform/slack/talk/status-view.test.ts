import { describe, expect, it } from 'vitest';
import { createHealth } from '../../../../src/core/health.js';
import { openFixTask } from '../../../../src/fix-tasks/domain/fix-task.js';
import { renderStatus, renderTasks } from '../../../../src/platform/slack/talk/status-view.js';
import type { StatusReport, WatchStatus } from '../../../../src/talk/describe-status.js';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const HOUR = 3_600_000;
const SHA = 'abc1234def5678'.padEnd(40, '0');

function report(watches: WatchStatus[], extra: Partial<StatusReport> = {}): StatusReport {
  const health = createHealth(NOW - 10 * HOUR, false);
  health.cycle.lastCompletedAt = NOW - 30_000;
  const settings = { ok: true, settings: { selfHeal: { enabled: true, originate: false } } } as const;
  return { dormant: false, settings, watches, health, now: NOW, ...extra };
}

const base = { repo: 'acme/widgets', workflow: 'ci.yml', branch: 'main', channel: 'C0INCIDENTS' };

/** A red watch's incident with a fix task waiting for an approver. */
function redWithTask() {
  const incident = { id: 'acme/widgets:ci.yml:main#4', since: NOW - HOUR } as NonNullable<
    WatchStatus['incident']
  >;
  const task = openFixTask({
    id: 'T-3',
    incidentId: incident.id,
    watch: { repo: 'acme/widgets', workflow: 'ci.yml', branch: 'main' },
    plan: { strategy: 'rerun', run: { id: 9, attempt: 1, url: 'https://github.com/x' }, headSha: SHA },
    now: NOW - HOUR,
  });
  return { incident, task };
}

describe('renderStatus', () => {
  it('says which commit a green verdict stands on, how old it is, and what is still running', () => {
    const text = renderStatus(
      report([{ ...base, signal: 'green', standsOn: { sha: SHA, at: NOW - 2 * HOUR }, newerRunning: 3 }]),
    );
    expect(text).toContain('green at `abc1234` 2h ago · 3 newer commits running');
  });

  it('a red watch names the commit it stands on and counts the newer commits still running', () => {
    const incident = { id: 'acme/widgets:ci.yml:main#4', since: NOW - 3 * HOUR } as NonNullable<
      WatchStatus['incident']
    >;
    const text = renderStatus(
      report([{ ...base, signal: 'red', incident, standsOn: { sha: SHA, at: NOW - HOUR }, newerRunning: 1 }]),
    );
    expect(text).toContain(
      'red for 3h at `abc1234` (incident `acme/widgets:ci.yml:main#4`, not acknowledged) · 1 newer commit running',
    );
  });

  it('never writes a bare < or > of its own: short times read "under a minute"', () => {
    const text = renderStatus(
      report([{ ...base, signal: 'green', standsOn: { sha: SHA, at: NOW - 5_000 } }]),
    );
    expect(text).toContain('under a minute ago');
    expect(text.replaceAll(/<@[A-Z0-9]+>/g, '')).not.toMatch(/[<>]/);
  });

  it('a store failure is named by its kind, never by raw error text', () => {
    const text = renderStatus(report([{ ...base, signal: 'unknown', unreadable: 'store unreachable' }]));
    expect(text).toContain('state unreadable (store unreachable)');
  });

  it('asked in a channel with no watch of its own, it points to the full list', () => {
    const text = renderStatus(report([], { channel: 'C0RANDOM' }));
    expect(text).toMatch(/No watched repo posts its incidents to this channel/);
    expect(text).toContain('/overseer status');
  });

  it('shows the pause in force, by whom, why and until when, before the watches', () => {
    const pause = { by: 'U0ALICE', reason: 'deploy freeze', since: NOW, until: NOW + 3 * HOUR };
    const settings = { ok: true, settings: { selfHeal: { enabled: true, originate: true }, pause } } as const;
    const lines = renderStatus(report([{ ...base, signal: 'green' }], { settings })).split('\n');
    expect(lines[0]).toBe(
      ':double_vertical_bar: Paused until 15:00 UTC by <@U0ALICE>: deploy freeze. Incidents are still posted; fix tasks will not be opened or started.',
    );
    expect(lines[1]).toContain('acme/widgets');
  });

  it('says when the pause and flags cannot be read', () => {
    const text = renderStatus(report([], { settings: { ok: false, cause: 'store error' } }));
    expect(text).toContain(
      'The pause and feature flags cannot be read (store error): nothing autonomous happens',
    );
  });

  it('says nothing about a pause when none is in force', () => {
    expect(renderStatus(report([{ ...base, signal: 'green' }]))).not.toMatch(/paus/i);
  });

  it('an open fix task shows under its watch with where it stands', () => {
    const { incident, task } = redWithTask();
    const text = renderStatus(report([{ ...base, signal: 'red', incident, task }]));
    expect(text).toContain(
      'Fix task `T-3` (re-run the failed jobs): waiting for an approver to press Approve & Start',
    );
  });

  it('/overseer tasks lists the open fix tasks under their watches, or says there is none', () => {
    const { incident, task } = redWithTask();
    expect(renderTasks(report([{ ...base, signal: 'red', incident, task }]))).toBe(
      '*acme/widgets* ci.yml: :hammer_and_wrench: Fix task `T-3` (re-run the failed jobs): waiting for an approver to press Approve & Start',
    );
    expect(renderTasks(report([{ ...base, signal: 'green' }]))).toBe('No fix task is open.');
  });
});
