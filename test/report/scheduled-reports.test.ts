import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryRefusedError } from '../../src/core/delivery-refused.js';
import type { ChatFile, ChatMessage, Store } from '../../src/core/ports.js';
import { createStore } from '../../src/platform/store/create-store.js';
import { scheduledReports } from '../../src/report/scheduled-reports.js';

const FIRE = Date.parse('2026-12-07T09:00:00Z');
const WATCHES = [
  { repo: 'acme/widgets', workflow: 'ci.yml', branch: 'main', channel: 'C0ONE' },
  { repo: 'acme/gadgets', workflow: 'ci.yml', branch: 'main', channel: 'C0ONE' },
  { repo: 'acme/api', workflow: 'ci.yml', branch: 'main', channel: 'C0TWO' },
];
const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe('the scheduled report', () => {
  let store: Store;
  let dataDir: string;
  let now = FIRE - 60_000;
  let posts: ChatMessage[];
  let refuse = 0;
  /** A channel Slack refuses for good (archived), every time. */
  let gone: string | undefined;
  let errors: string[];

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'overseer-report-'));
    store = await createStore({ kind: 'embedded', dataDir });
    now = FIRE - 60_000;
    posts = [];
    refuse = 0;
    gone = undefined;
    errors = [];
  });
  afterEach(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const replica = (replicaId: string) => {
    // report.schedule's fire times: this one, and the next week's.
    const fires = [FIRE, FIRE + 7 * 86_400_000];
    return scheduledReports({
      store,
      clock: { now: () => now },
      log: { ...silent, error: (_fields: unknown, message: string) => errors.push(message) } as never,
      replicaId,
      watches: () => WATCHES,
      days: 7,
      nextFire: () => fires.find((at) => at > now),
      chat: {
        post: async (message) => {
          if (message.channel === gone)
            throw new DeliveryRefusedError('chat.postMessage', 'is_archived', message.channel);
          if (refuse > 0) {
            refuse -= 1;
            throw new Error('slack is down');
          }
          posts.push(message);
          return { channel: message.channel, ts: '1.1' };
        },
      },
      files: { upload: async (_file: ChatFile) => 'F1' },
      presenter: { text: () => 'green all week', chart: async () => undefined },
    });
  };

  it('posts nothing before the fire time, then one report per channel, from one of two replicas', async () => {
    const [a, b] = [replica('a'), replica('b')];
    expect(await a()).toBe(0);
    expect(await b()).toBe(0);
    now = FIRE + 1_000;
    const posted = (await Promise.all([a(), b()])).reduce((sum, n) => sum + n, 0);
    expect(posted).toBe(2);
    expect(posts.map((post) => post.channel).sort()).toEqual(['C0ONE', 'C0TWO']);
    now += 60_000;
    await Promise.all([a(), b()]);
    expect(posts).toHaveLength(2);
  });

  it('keeps a report Slack refused owed, and posts it when its lease ends', async () => {
    const a = replica('a');
    await a();
    now = FIRE + 1_000;
    refuse = 2;
    expect(await a()).toBe(0);
    expect(posts).toEqual([]);
    now += 60_000;
    expect(await a()).toBe(0); // still leased
    now += 5 * 60_000;
    expect(await a()).toBe(2);
    expect(posts.map((post) => post.channel).sort()).toEqual(['C0ONE', 'C0TWO']);
  });

  it('sets aside a report Slack refuses for good, and posts the other channels', async () => {
    const a = replica('a');
    await a();
    now = FIRE + 1_000;
    gone = 'C0TWO';
    expect(await a()).toBe(1);
    expect(posts.map((post) => post.channel)).toEqual(['C0ONE']);
    expect(errors).toEqual(['A scheduled report was set aside']);
    // Never tried again: nothing is owed any more.
    now += 10 * 60_000;
    gone = undefined;
    expect(await a()).toBe(0);
    expect(await store.claimDue('report-due', now, 1_000, 10)).toEqual([]);
  });

  it('sets aside a report still owed a day after its period ended, instead of retrying it for ever', async () => {
    const a = replica('a');
    await a();
    now = FIRE + 1_000;
    refuse = 1_000;
    expect(await a()).toBe(0);
    expect(errors).toEqual([]);
    now = FIRE + 86_400_000 + 6 * 60_000;
    expect(await a()).toBe(0);
    expect(errors).toEqual(['A scheduled report was set aside', 'A scheduled report was set aside']);
    refuse = 0;
    now += 10 * 60_000;
    expect(await a()).toBe(0);
    expect(posts).toEqual([]);
  });

  /** A fire time passed a week before FIRE (posting nothing: no watch was red), so FIRE is stored as the next. */
  async function afterAFire() {
    now = FIRE - 7 * 86_400_000 - 60_000;
    const fires = [FIRE - 7 * 86_400_000, FIRE];
    const a = scheduledReports({
      store,
      clock: { now: () => now },
      log: silent as never,
      replicaId: 'week-before',
      watches: () => [],
      days: 7,
      nextFire: () => fires.find((at) => at > now),
      chat: {} as never,
      files: {} as never,
      presenter: {} as never,
    });
    await a();
    now += 2 * 60_000;
    await a();
    expect((await store.get('report:next-fire'))?.value).toBe(FIRE);
  }

  it('catches up a fire time that passed while every replica was stopped, once, on the first look after', async () => {
    await afterAFire();
    // Stopped from before the fire time until two hours after it; a new process starts.
    now = FIRE + 2 * 3_600_000;
    const restarted = replica('b');
    expect(await restarted()).toBe(2);
    expect(posts.map((post) => post.channel).sort()).toEqual(['C0ONE', 'C0TWO']);
    now += 60_000;
    expect(await restarted()).toBe(0);
    // Another restart after it: nothing more (each channel's report of that period is done).
    expect(await replica('c')()).toBe(0);
    expect(posts).toHaveLength(2);
  });

  it('does not catch up a fire time more than a day past: that report is news no longer', async () => {
    await afterAFire();
    now = FIRE + 86_400_000 + 60_000;
    expect(await replica('b')()).toBe(0);
    expect(posts).toEqual([]);
  });

  it('catches up nothing before a fire time ever passed, and a start alone writes nothing', async () => {
    expect(await replica('a')()).toBe(0);
    expect(await store.get('report:next-fire')).toBeUndefined();
    now = FIRE + 60_000;
    expect(await replica('b')()).toBe(0);
    expect(posts).toEqual([]);
  });
});
