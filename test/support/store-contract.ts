import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/ports.js';

/** A store on fresh, empty data for one test. */
export interface StoreUnderTest {
  readonly store: Store;
  /** A second handle on the same data, as another replica holds it; the same store where the backend serves one process. */
  readonly peer: Store;
  dispose(): Promise<void>;
}

/** The behaviour every `Store` owes its callers, run against each backend. */
export function describeStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`${name} store contract`, () => {
    let sut: StoreUnderTest;
    let store: Store;
    let peer: Store;
    beforeEach(async () => {
      sut = await makeStore();
      ({ store, peer } = sut);
    });
    afterEach(() => sut.dispose());

    describe('documents', () => {
      it('round-trips a value and bumps the version on every write', async () => {
        const first = { title: 'CI red', tags: [':colon-led', 'plain'], nested: { n: 1, none: null } };
        expect(await store.get('incident:1')).toBeUndefined();
        expect(await store.put('incident:1', first, 0)).toEqual({ ok: true, version: 1 });
        expect(await peer.get('incident:1')).toEqual({ value: first, version: 1 });
        expect(await store.put('incident:1', { title: 'CI green' }, 1)).toEqual({ ok: true, version: 2 });
        expect(await store.get('incident:1')).toEqual({ value: { title: 'CI green' }, version: 2 });
      });

      it('refuses a stale expected version and answers the current document', async () => {
        await store.put('doc', 'a', 0);
        await store.put('doc', 'b', 1);
        expect(await peer.put('doc', 'c', 1)).toEqual({ ok: false, current: { value: 'b', version: 2 } });
        expect(await store.get('doc')).toEqual({ value: 'b', version: 2 });
      });

      it('refuses expected version 0 when the document exists', async () => {
        await store.put('doc', { n: 1 }, 0);
        expect(await peer.put('doc', { n: 2 }, 0)).toEqual({
          ok: false,
          current: { value: { n: 1 }, version: 1 },
        });
      });

      it('refuses a version of a document that does not exist', async () => {
        expect(await store.put('missing', 1, 3)).toEqual({ ok: false, current: undefined });
        expect(await store.get('missing')).toBeUndefined();
      });

      it('removes only at the current version', async () => {
        await store.put('doc', 1, 0);
        await store.put('doc', 2, 1);
        expect(await store.remove('doc', 1)).toBe(false);
        expect(await store.get('doc')).toEqual({ value: 2, version: 2 });
        expect(await peer.remove('doc', 2)).toBe(true);
        expect(await store.get('doc')).toBeUndefined();
        expect(await store.remove('doc', 2)).toBe(false);
        expect(await store.remove('never-written', 0)).toBe(false);
        expect(await store.put('doc', 3, 0)).toEqual({ ok: true, version: 1 });
      });

      it('lists the documents under a prefix in key order', async () => {
        for (const key of ['inc:b', 'inc:a', 'incident', 'other:a', 'inc:c', 'inc:ä'])
          await store.put(key, key, 0);
        await store.put('inc:a', 'inc:a again', 1);
        await store.remove('inc:c', 1);
        expect(await peer.list('inc:')).toEqual([
          { key: 'inc:a', value: 'inc:a again', version: 2 },
          { key: 'inc:b', value: 'inc:b', version: 1 },
          { key: 'inc:ä', value: 'inc:ä', version: 1 },
        ]);
        expect((await store.list('')).map((entry) => entry.key)).toEqual([
          'inc:a',
          'inc:b',
          'inc:ä',
          'incident',
          'other:a',
        ]);
        expect(await store.list('nothing:')).toEqual([]);
      });

      it('ends at exactly 20 when 20 callers increment one counter with compare-and-set', async () => {
        const increment = async (via: Store) => {
          for (;;) {
            const current = await via.get<number>('counter');
            const result = await via.put('counter', (current?.value ?? 0) + 1, current?.version ?? 0);
            if (result.ok) return;
          }
        };
        await Promise.all(Array.from({ length: 20 }, (_, i) => increment(i % 2 ? peer : store)));
        expect(await store.get('counter')).toEqual({ value: 20, version: 20 });
      });
    });

    describe('markers', () => {
      it('lets exactly one of 50 racing callers set a marker', async () => {
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            (i % 2 ? peer : store).setIfAbsent('event:E1', `caller-${i}`, 60_000),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await store.getMarker('event:E1')).toBe(`caller-${results.indexOf(true)}`);
      });

      it('forgets a marker once its TTL has passed', async () => {
        expect(await store.setIfAbsent('event:E2', 'first', 250)).toBe(true);
        expect(await peer.setIfAbsent('event:E2', 'second', 250)).toBe(false);
        expect(await store.getMarker('event:E2')).toBe('first');
        await sleep(500);
        expect(await store.getMarker('event:E2')).toBeUndefined();
        expect(await peer.setIfAbsent('event:E2', 'third', 60_000)).toBe(true);
        expect(await store.getMarker('event:E2')).toBe('third');
      });

      it('releases a marker only for the caller holding it', async () => {
        await store.setIfAbsent('slot:cycle', 'replica-a', 60_000);
        expect(await peer.releaseMarker('slot:cycle', 'replica-b')).toBe(false);
        expect(await store.getMarker('slot:cycle')).toBe('replica-a');
        expect(await store.releaseMarker('slot:cycle', 'replica-a')).toBe(true);
        expect(await store.getMarker('slot:cycle')).toBeUndefined();
        expect(await store.releaseMarker('slot:cycle', 'replica-a')).toBe(false);
        expect(await peer.setIfAbsent('slot:cycle', 'replica-b', 60_000)).toBe(true);
      });

      it('renews a lease only for its holder, keeping it past its first TTL', async () => {
        expect(await store.setIfAbsent('lease:outbox', 'replica-a', 300)).toBe(true);
        expect(await peer.renewMarker('lease:outbox', 'replica-b', 60_000)).toBe(false);
        expect(await store.renewMarker('lease:outbox', 'replica-a', 60_000)).toBe(true);
        await sleep(500);
        expect(await store.getMarker('lease:outbox')).toBe('replica-a');
        expect(await peer.setIfAbsent('lease:outbox', 'replica-b', 60_000)).toBe(false);
      });

      it('does not bring back a lease that has expired', async () => {
        expect(await store.setIfAbsent('lease:gone', 'replica-a', 200)).toBe(true);
        await sleep(400);
        expect(await store.renewMarker('lease:gone', 'replica-a', 60_000)).toBe(false);
        expect(await store.getMarker('lease:gone')).toBeUndefined();
        expect(await store.renewMarker('never', 'anyone', 1000)).toBe(false);
      });

      it('answers undefined for a marker never set', async () => {
        expect(await store.getMarker('never')).toBeUndefined();
        expect(await store.releaseMarker('never', 'anyone')).toBe(false);
      });
    });

    describe('due-time queues', () => {
      it('hands out due members once, oldest first, and not those still pending', async () => {
        await store.schedule('esc', 'later', 5000);
        await store.schedule('esc', 'b', 2000);
        await store.schedule('esc', 'a', 1000);
        expect(await store.claimDue('esc', 500, 1000, 10)).toEqual([]);
        expect(await store.claimDue('esc', 2500, 1000, 10)).toEqual([
          { member: 'a', dueAt: 1000 },
          { member: 'b', dueAt: 2000 },
        ]);
      });

      it('keeps leased members from a second claimer until the lease ends', async () => {
        await store.schedule('esc', 'a', 1000);
        await store.schedule('esc', 'later', 5000);
        expect(await store.claimDue('esc', 2000, 1000, 10)).toEqual([{ member: 'a', dueAt: 1000 }]);
        expect(await peer.claimDue('esc', 2999, 1000, 10)).toEqual([]);
        expect(await peer.claimDue('esc', 3000, 1000, 10)).toEqual([{ member: 'a', dueAt: 3000 }]);
      });

      it('splits due members between concurrent claimers without overlap', async () => {
        const members = Array.from({ length: 20 }, (_, i) => `m${String(i).padStart(2, '0')}`);
        for (const [i, member] of members.entries()) await store.schedule('esc', member, 1000 + i);
        const claims = await Promise.all(
          Array.from({ length: 6 }, (_, i) => (i % 2 ? peer : store).claimDue('esc', 2000, 60_000, 4)),
        );
        const claimed = claims.flat().map((item) => item.member);
        expect(claimed).toHaveLength(20);
        expect(new Set(claimed)).toEqual(new Set(members));
        expect(await store.claimDue('esc', 2000, 60_000, 100)).toEqual([]);
      });

      it('takes at most `limit` members', async () => {
        for (const member of ['a', 'b', 'c']) await store.schedule('esc', member, 1000);
        expect(await store.claimDue('esc', 1000, 500, 2)).toEqual([
          { member: 'a', dueAt: 1000 },
          { member: 'b', dueAt: 1000 },
        ]);
        expect(await store.claimDue('esc', 1000, 500, 2)).toEqual([{ member: 'c', dueAt: 1000 }]);
      });

      it('moves a member scheduled again and drops an unscheduled one', async () => {
        await store.schedule('esc', 'moved', 1000);
        await store.schedule('esc', 'dropped', 1000);
        await peer.schedule('esc', 'moved', 9000);
        await peer.unschedule('esc', 'dropped');
        await store.unschedule('esc', 'never-there');
        expect(await store.claimDue('esc', 8999, 1000, 10)).toEqual([]);
        expect(await store.claimDue('esc', 9000, 1000, 10)).toEqual([{ member: 'moved', dueAt: 9000 }]);
      });

      it('keeps queues apart', async () => {
        await store.schedule('esc', 'a', 1000);
        expect(await store.claimDue('cycle', 2000, 1000, 10)).toEqual([]);
      });
    });

    it('answers a ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
