import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/ports.js';
import { type CycleSchedule, scheduleCycle } from '../../../src/platform/schedule/schedule-cycle.js';
import { createEmbeddedStore } from '../../../src/platform/store/embedded-store.js';

const log = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('scheduleCycle', () => {
  let store: Store | undefined;
  const schedules: CycleSchedule[] = [];

  afterEach(async () => {
    await Promise.all(schedules.splice(0).map((schedule) => schedule.stop()));
    await store?.close();
  });

  it('knows its interval from the cron expression', async () => {
    store = await createEmbeddedStore({ dataDir: mkdtempSync(join(tmpdir(), 'overseer-sched-')) });
    const every5m = scheduleCycle({
      expression: '*/5 * * * *',
      name: 't1',
      store,
      replicaId: 'a',
      log,
      run: async () => {},
    });
    schedules.push(every5m);
    expect(every5m.intervalMs).toBe(5 * 60_000);
  });

  it('two replicas sharing a store run each slot once, and a slow run is not started again', async () => {
    store = await createEmbeddedStore({ dataDir: mkdtempSync(join(tmpdir(), 'overseer-sched-')) });
    const runs: Array<{ replica: string; at: number }> = [];
    const busy = new Map<string, number>();
    const handedOff: string[] = [];
    let overlapped = false;
    for (const replica of ['a', 'b']) {
      schedules.push(
        scheduleCycle({
          expression: '* * * * * *',
          name: 'overseer-ci-check',
          store,
          replicaId: replica,
          log,
          onHandedOff: () => handedOff.push(replica),
          run: async () => {
            busy.set(replica, (busy.get(replica) ?? 0) + 1);
            if ((busy.get(replica) ?? 0) > 1) overlapped = true;
            runs.push({ replica, at: Date.now() });
            await sleep(1_500);
            busy.set(replica, (busy.get(replica) ?? 1) - 1);
          },
        }),
      );
    }
    await sleep(4_200);
    // Every second is a slot claimed by one replica: no slot runs twice. A replica still busy with
    // its run skips the next slots (noOverlap), so it never runs two at once.
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(overlapped).toBe(false);
    const seconds = runs.map((run) => Math.round(run.at / 1000));
    expect(new Set(seconds).size).toBe(seconds.length);
    // A slot both were free for went to one; the other was told its loop is alive all the same.
    expect(handedOff.length).toBeGreaterThanOrEqual(1);
  }, 10_000);
});
