import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMPTY_WATCH_DOC, type WatchDoc, watchDocKey } from '../../src/ci/watch-doc.js';
import type { WatchRef } from '../../src/core/domain/types.js';
import type { Store } from '../../src/core/ports.js';
import { type FixTask, openFixTask } from '../../src/fix-tasks/domain/fix-task.js';
import { transition } from '../../src/fix-tasks/domain/fix-task-transition.js';
import type { Incident } from '../../src/incidents/domain/incident.js';
import { createStore } from '../../src/platform/store/create-store.js';
import { describeWorkingOn } from '../../src/talk/describe-working-on.js';
import { openIncident } from '../support/incident-fixture.js';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const HOUR = 3_600_000;
const WIDGETS: WatchRef = { repo: 'acme/widgets', workflow: 'ci.yml', branch: 'main' };
const GADGETS: WatchRef = { repo: 'acme/gadgets', workflow: 'ci.yml', branch: 'main' };
const log = pino({ level: 'silent' });

function incident(watch: WatchRef, episode: number, since: number): Incident {
  const id = 100 + episode;
  return openIncident(watch, episode, since, {
    run: { id, attempt: 1, url: `https://github.com/${watch.repo}/actions/runs/${id}` },
  });
}

function task(id: string, of: Incident, refs: FixTask['refs'] = {}): FixTask {
  const opened = openFixTask({
    id,
    incidentId: of.id,
    watch: of.watch,
    plan: { strategy: 'rerun', run: of.run, headSha: of.headSha },
    now: of.since,
  });
  return { ...opened, refs };
}

describe('describeWorkingOn', () => {
  let dataDir: string;
  let store: Store;
  const ask = (query: Parameters<typeof describeWorkingOn>[1]) =>
    describeWorkingOn({ store, clock: { now: () => NOW }, log }, query);

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'overseer-working-on-'));
    store = await createStore({ kind: 'embedded', dataDir }, log);
    // widgets: episode 5 is current with T-7 (dismissed); episode 4 before it, with T-3 and its PR.
    const old = incident(WIDGETS, 4, NOW - 30 * HOUR);
    const current = {
      ...incident(WIDGETS, 5, NOW - 2 * HOUR),
      acknowledgedBy: 'U0CAROL',
      acknowledgedAt: NOW - HOUR,
    };
    const dismissed = transition(
      task('T-7', current),
      { type: 'dismiss', by: 'U0LEAD', reason: 'flaky' },
      NOW,
    );
    if (!dismissed.ok) throw new Error(dismissed.reason);
    const widgets: WatchDoc = {
      ...EMPTY_WATCH_DOC,
      current: { incident: current, task: dismissed.task },
      earlier: [
        {
          incident: old,
          task: task('T-3', old, { pr: { number: 123, url: 'https://github.com/acme/widgets/pull/123' } }),
        },
      ],
    };
    // gadgets: a current incident without a task.
    const gadgets: WatchDoc = { ...EMPTY_WATCH_DOC, current: { incident: incident(GADGETS, 1, NOW - HOUR) } };
    await store.put(watchDocKey(WIDGETS), widgets, 0);
    await store.put(watchDocKey(GADGETS), gadgets, 0);
  });
  afterEach(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('finds a task in the current incident, with its incident', async () => {
    const answer = await ask({ kind: 'task', taskId: 'T-7' });
    expect(answer).toMatchObject({
      kind: 'task',
      task: { id: 'T-7', state: 'dismissed', dismissedBy: 'U0LEAD' },
      incident: { id: 'acme/widgets:ci.yml:main#5' },
      now: NOW,
    });
    expect(answer).not.toHaveProperty('matched');
  });

  it('finds a task of an earlier incident still held', async () => {
    expect(await ask({ kind: 'task', taskId: 'T-3' })).toMatchObject({
      kind: 'task',
      task: { id: 'T-3' },
      incident: { id: 'acme/widgets:ci.yml:main#4' },
    });
  });

  it('finds an incident by its ID, whatever its case, with its task or none', async () => {
    expect(await ask({ kind: 'incident', incidentId: 'ACME/Widgets:ci.yml:main#5' })).toMatchObject({
      kind: 'incident',
      incident: { id: 'acme/widgets:ci.yml:main#5', acknowledgedBy: 'U0CAROL' },
      task: { id: 'T-7' },
    });
    const gadgets = await ask({ kind: 'incident', incidentId: 'acme/gadgets:ci.yml:main#1' });
    expect(gadgets).toMatchObject({ kind: 'incident', incident: { id: 'acme/gadgets:ci.yml:main#1' } });
    expect(gadgets).not.toHaveProperty('task');
  });

  it('finds the task whose pull request a GitHub reference names, and says which reference it is', async () => {
    expect(await ask({ kind: 'github', repo: 'Acme/Widgets', number: 123 })).toMatchObject({
      kind: 'task',
      task: { id: 'T-3' },
      matched: 'pr',
    });
  });

  it.each([
    { kind: 'github', repo: 'acme/widgets', number: 124 },
    { kind: 'github', repo: 'acme/gadgets', number: 123 },
    { kind: 'task', taskId: 'T-99' },
    { kind: 'incident', incidentId: 'acme/widgets:ci.yml:main#1' },
  ] as const)('answers not-found for what it does not hold: %o', async (query) => {
    expect(await ask(query)).toEqual({ kind: 'not-found', query });
  });

  it('says the store could not be read instead of answering "not found"', async () => {
    await store.close();
    const answer = await ask({ kind: 'task', taskId: 'T-7' });
    expect(answer.kind).toBe('unreadable');
    store = await createStore({ kind: 'embedded', dataDir }, log);
  });
});
