import { describe, expect, it } from 'vitest';
import {
  createRequestPacer,
  type PacerLane,
  type PacerOptions,
  PacingRefusal,
  pointsOf,
} from '../../../src/platform/github/request-pacer.js';
import { manualClock, settle } from '../../support/manual-clock.js';

const MINUTE = 60_000;

function pacerOn(clock: ReturnType<typeof manualClock>, options: Partial<PacerOptions> = {}) {
  return createRequestPacer({ now: clock.now, setTimer: clock.setTimer, ...options });
}

/**
 * A request's admission, watched: `admitted` turns true when its place is granted. It finishes at
 * once (its place in flight given back) unless `hold`.
 */
function ask(
  pacer: ReturnType<typeof createRequestPacer>,
  method: string,
  hold = false,
  lane: PacerLane = 'first',
) {
  const state: { admitted: boolean; refused?: unknown; release?: () => void } = { admitted: false };
  pacer.acquire(method, lane).then(
    (release) => {
      state.admitted = true;
      state.release = release;
      if (!hold) release();
    },
    (error: unknown) => {
      state.refused = error;
    },
  );
  return state;
}

describe('pacing GitHub requests under the secondary limit (900 points a rolling minute, 100 in flight)', () => {
  it.each([
    ['GET', 1],
    ['HEAD', 1],
    ['OPTIONS', 1],
    ['get', 1],
    ['POST', 5],
    ['PATCH', 5],
    ['PUT', 5],
    ['DELETE', 5],
  ])('a %s costs %i point(s), as GitHub documents', (method, points) => {
    expect(pointsOf(method)).toBe(points);
  });

  it('admits at once while the minute has points left', async () => {
    const clock = manualClock();
    const pacer = pacerOn(clock);
    const asked = Array.from({ length: 900 }, () => ask(pacer, 'GET'));
    await settle();
    expect(asked.every((a) => a.admitted)).toBe(true);
    expect(pacer.stats).toMatchObject({ waited: 0, waitedMs: 0, refused: 0 });
  });

  it('a request over budget waits for the points of the oldest request in the window, not fails', async () => {
    const clock = manualClock();
    const pacer = pacerOn(clock);
    for (let i = 0; i < 900; i += 1) ask(pacer, 'GET');
    await settle();
    await clock.advance(10_000);
    const late = ask(pacer, 'GET');
    await settle();
    expect(late.admitted).toBe(false);
    expect(late.refused).toBeUndefined();
    // The first 900 were admitted at t0: their points leave the window at t0 + 60 s, 50 s from now.
    await clock.advance(50_000 - 1);
    expect(late.admitted).toBe(false);
    await clock.advance(1);
    expect(late.admitted).toBe(true);
    expect(pacer.stats).toMatchObject({ waited: 1, waitedMs: 50_000, refused: 0 });
  });

  it('the window rolls: points spent late in one clock minute still count early in the next', async () => {
    const clock = manualClock(100 * MINUTE);
    const pacer = pacerOn(clock);
    await clock.advance(59_000);
    for (let i = 0; i < 900; i += 1) ask(pacer, 'GET');
    await clock.advance(2_000);
    // A new clock minute began 1 s ago, yet the last 60 s hold 900 points: wait 58 s more.
    const next = ask(pacer, 'GET');
    await clock.advance(58_000 - 1);
    expect(next.admitted).toBe(false);
    await clock.advance(1);
    expect(next.admitted).toBe(true);
  });

  it('writes cost five points: 180 writes fill a minute, the 181st waits', async () => {
    const clock = manualClock();
    const pacer = pacerOn(clock);
    const writes = Array.from({ length: 180 }, () => ask(pacer, 'POST'));
    const over = ask(pacer, 'PATCH');
    const read = ask(pacer, 'GET');
    await settle();
    expect(writes.every((w) => w.admitted)).toBe(true);
    expect(over.admitted).toBe(false);
    // First in, first out: the GET behind the waiting write does not overtake it.
    expect(read.admitted).toBe(false);
    await clock.advance(MINUTE);
    expect(over.admitted).toBe(true);
    expect(read.admitted).toBe(true);
  });

  it('a write waits until five points are free, even when one would do for a read', async () => {
    const clock = manualClock();
    const pacer = pacerOn(clock);
    for (let i = 0; i < 896; i += 1) ask(pacer, 'GET');
    await clock.advance(1_000);
    for (let i = 0; i < 3; i += 1) ask(pacer, 'GET');
    await settle();
    // 899 points spent: one left, the write needs five.
    const write = ask(pacer, 'DELETE');
    await clock.advance(MINUTE - 1_000 - 1);
    expect(write.admitted).toBe(false);
    await clock.advance(1);
    expect(write.admitted).toBe(true);
  });

  it('at most 100 requests in flight: the 101st waits for one to finish, whatever the points', async () => {
    const clock = manualClock();
    const pacer = pacerOn(clock);
    const first = Array.from({ length: 100 }, () => ask(pacer, 'GET', true));
    const extra = ask(pacer, 'GET', true);
    await settle();
    expect(first.every((a) => a.admitted)).toBe(true);
    expect(extra.admitted).toBe(false);
    expect(pacer.stats.inFlight).toBe(100);
    first[0]?.release?.();
    first[0]?.release?.(); // released twice, counted once
    await settle();
    expect(extra.admitted).toBe(true);
    expect(pacer.stats.inFlight).toBe(100);
    const another = ask(pacer, 'GET', true);
    await settle();
    expect(another.admitted).toBe(false);
  });

  it('a request that would wait past the bound fails at once, clearly, and takes no points', async () => {
    const clock = manualClock();
    const pacer = pacerOn(clock, { maxWaitMs: 30_000 });
    for (let i = 0; i < 900; i += 1) ask(pacer, 'GET');
    await clock.advance(40_000);
    // The window frees its 900 points in 20 s: one request fits within 30 s...
    const fits = ask(pacer, 'GET');
    await settle();
    expect(fits.refused).toBeUndefined();
    // ...but not 900 more: everything behind the 900th waiting point would wait past 30 s.
    const queued = Array.from({ length: 899 }, () => ask(pacer, 'GET'));
    const over = ask(pacer, 'GET');
    await settle();
    expect(queued.every((q) => q.refused === undefined)).toBe(true);
    expect(over.refused).toBeInstanceOf(PacingRefusal);
    expect((over.refused as PacingRefusal).message).toBe(
      'GitHub requests would wait more than 30 s to stay under the secondary rate limit (900 points a minute, 100 in flight)',
    );
    expect(pacer.stats).toMatchObject({ refused: 1 });
    await clock.advance(20_000);
    expect([fits, ...queued].every((q) => q.admitted)).toBe(true);
  });

  it('a request held by the concurrency cap past the bound fails when the bound passes, and leaves the queue', async () => {
    const clock = manualClock();
    const pacer = pacerOn(clock, { maxWaitMs: MINUTE });
    const hung = Array.from({ length: 100 }, () => ask(pacer, 'GET', true));
    const waiting = ask(pacer, 'GET');
    await clock.advance(MINUTE - 1);
    expect(waiting.refused).toBeUndefined();
    await clock.advance(1);
    expect(waiting.refused).toBeInstanceOf(PacingRefusal);
    expect(pacer.stats).toMatchObject({ refused: 1, queued: 0 });
    hung[0]?.release?.();
    const next = ask(pacer, 'GET');
    await settle();
    expect(next.admitted).toBe(true);
  });

  it('keeps no timer once nothing waits', async () => {
    const clock = manualClock();
    const pacer = pacerOn(clock);
    for (let i = 0; i < 901; i += 1) ask(pacer, 'GET');
    await clock.advance(MINUTE);
    expect(pacer.stats.queued).toBe(0);
    expect(clock.pending()).toBe(0);
  });

  describe('the cron cycle polls in a lane of its own, behind webhooks and people', () => {
    const poll = (pacer: ReturnType<typeof createRequestPacer>) => ask(pacer, 'GET', false, 'polling');

    it('polling stops at the limit less the reserve (810 of 900); anything else takes the rest at once', async () => {
      const clock = manualClock();
      const pacer = pacerOn(clock);
      const polls = Array.from({ length: 810 }, () => poll(pacer));
      const over = poll(pacer);
      await settle();
      expect(polls.every((p) => p.admitted)).toBe(true);
      expect(over.admitted).toBe(false);
      // A webhook's look is not queued behind the poll that waits: the reserve is its.
      const webhook = Array.from({ length: 90 }, () => ask(pacer, 'GET'));
      await settle();
      expect(webhook.every((w) => w.admitted)).toBe(true);
      expect(over.admitted).toBe(false);
      await clock.advance(MINUTE);
      expect(over.admitted).toBe(true);
    });

    it('a request of the first lane that waits goes before a poll that has waited longer', async () => {
      const clock = manualClock();
      // No reserve here: the order alone is under test.
      const pacer = pacerOn(clock, { pointsPerMinute: 10, reserve: 0 });
      ask(pacer, 'GET');
      await clock.advance(30_000);
      for (let i = 0; i < 9; i += 1) ask(pacer, 'GET');
      await clock.advance(1_000);
      const waitingPoll = poll(pacer);
      await clock.advance(1_000);
      const click = ask(pacer, 'GET');
      await settle();
      expect(waitingPoll.admitted).toBe(false);
      expect(click.admitted).toBe(false);
      // A minute after the first request its one point leaves: the click takes it.
      await clock.advance(MINUTE - 32_000);
      expect(click.admitted).toBe(true);
      expect(waitingPoll.admitted).toBe(false);
      // The poll goes when the next points leave, 30 s later.
      await clock.advance(30_000);
      expect(waitingPoll.admitted).toBe(true);
    });

    it('with the window nearly full, freed points go to the first lane until it has nothing waiting', async () => {
      const clock = manualClock();
      const pacer = pacerOn(clock, { pointsPerMinute: 10, reserve: 2 });
      for (let i = 0; i < 8; i += 1) poll(pacer);
      for (let i = 0; i < 2; i += 1) ask(pacer, 'GET');
      await clock.advance(1_000);
      const polls = Array.from({ length: 3 }, () => poll(pacer));
      const firsts = Array.from({ length: 3 }, () => ask(pacer, 'GET'));
      await settle();
      // 59 s on, all ten points leave: the three waiting first, then polls up to the cap of 8.
      await clock.advance(MINUTE - 1_000);
      expect(firsts.every((f) => f.admitted)).toBe(true);
      expect(polls.every((p) => p.admitted)).toBe(true);
      const more = poll(pacer);
      const webhook = ask(pacer, 'GET');
      await settle();
      // Six points spent in this window (three and three): polling may take two more, not three.
      expect(more.admitted).toBe(true);
      expect(webhook.admitted).toBe(true);
      const third = poll(pacer);
      await settle();
      expect(third.admitted).toBe(false);
    });
  });

  describe('with other replicas on the same token (share)', () => {
    it("takes only what the others' last window left; their next word admits who waits", async () => {
      const clock = manualClock();
      const pacer = pacerOn(clock, { pointsPerMinute: 10, reserve: 2 });
      pacer.share({ points: 7, replicas: 1 });
      const asked = Array.from({ length: 4 }, () => ask(pacer, 'GET'));
      await settle();
      expect(asked.map((a) => a.admitted)).toEqual([true, true, true, false]);
      expect(pacer.spent()).toBe(3);
      // The waiting request cannot be freed by this replica's own window: no timer spins for it.
      await clock.advance(MINUTE - 1);
      expect(asked[3]?.admitted).toBe(false);
      // The others spent less in their last window: admitted at once.
      pacer.share({ points: 5, replicas: 1 });
      await settle();
      expect(asked[3]?.admitted).toBe(true);
      expect(asked[3]?.refused).toBeUndefined();
    });

    it('polling keeps the reserve out of what the others leave', async () => {
      const clock = manualClock();
      const pacer = pacerOn(clock, { pointsPerMinute: 10, reserve: 2 });
      pacer.share({ points: 5, replicas: 1 });
      const polls = Array.from({ length: 4 }, () => ask(pacer, 'GET', false, 'polling'));
      const webhook = ask(pacer, 'GET');
      await settle();
      // 10 - 2 reserved - 5 the others spent: three polls; the webhook check still gets in.
      expect(polls.map((p) => p.admitted)).toEqual([true, true, true, false]);
      expect(webhook.admitted).toBe(true);
    });

    it('its own window still frees points when the others leave it some', async () => {
      const clock = manualClock();
      const pacer = pacerOn(clock, { pointsPerMinute: 10, reserve: 2 });
      pacer.share({ points: 4, replicas: 1 });
      for (let i = 0; i < 6; i += 1) ask(pacer, 'GET');
      await settle();
      const late = ask(pacer, 'GET');
      await clock.advance(MINUTE - 1);
      expect(late.admitted).toBe(false);
      await clock.advance(1);
      expect(late.admitted).toBe(true);
      expect(pacer.spent()).toBe(1);
    });

    it('the 100 in flight are split evenly with the replicas that spoke: two others, 33 each', async () => {
      const clock = manualClock();
      const pacer = pacerOn(clock);
      pacer.share({ points: 0, replicas: 2 });
      const held = Array.from({ length: 40 }, () => ask(pacer, 'GET', true));
      await settle();
      expect(held.filter((a) => a.admitted)).toHaveLength(33);
      expect(pacer.stats.inFlight).toBe(33);
      // One of them fell silent (share-pacing.ts counts only those heard lately): 50 each.
      pacer.share({ points: 0, replicas: 1 });
      await settle();
      expect(held.every((a) => a.admitted)).toBe(true);
      expect(pacer.stats.inFlight).toBe(40);
      // More replicas than requests in flight: those admitted finish, nothing new starts meanwhile.
      pacer.share({ points: 0, replicas: 3 });
      const late = ask(pacer, 'GET', true);
      await settle();
      expect(late.admitted).toBe(false);
      for (const a of held.slice(0, 16)) a.release?.();
      await settle();
      expect(late.admitted).toBe(true);
      expect(pacer.stats.inFlight).toBe(25);
    });

    it("a request is not refused for the others' spending, which leaves their window within the bound", async () => {
      const clock = manualClock();
      const pacer = pacerOn(clock, { pointsPerMinute: 10, reserve: 2 });
      pacer.share({ points: 10, replicas: 1 });
      const asked = ask(pacer, 'GET');
      await settle();
      expect(asked.admitted).toBe(false);
      expect(asked.refused).toBeUndefined();
      pacer.share({ points: 0, replicas: 1 });
      await settle();
      expect(asked.admitted).toBe(true);
    });
  });
});
