import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/ports.js';
import { createEmbeddedStore } from '../../src/platform/store/embedded-store.js';
import { acknowledgeMembers } from '../../src/storms/acknowledge-members.js';
import { claimStorm } from '../../src/storms/claim-storm.js';
import type { StormRed } from '../../src/storms/domain/join-storm.js';
import { causeFingerprint } from '../../src/storms/domain/storm-cause.js';

const LINE = 'npm ERR! 503 Service Unavailable';
const NOW = Date.UTC(2026, 11, 6, 12);
const quiet = { warn: () => undefined } as never;

function red(n: number, channel = 'C1'): StormRed {
  const watch = { repo: `acme/svc-${n}`, workflow: 'ci.yml', branch: 'main' };
  const key = `${watch.repo}:ci.yml:main`;
  return {
    channel,
    key,
    watch,
    incidentId: `${key}#1`,
    cause: causeFingerprint(LINE),
    line: LINE,
    fingerprint: `f${n}`,
  };
}

describe('claimStorm against the store', () => {
  let store: Store;
  beforeEach(async () => {
    store = await createEmbeddedStore({ dataDir: mkdtempSync(join(tmpdir(), 'overseer-storms-')) });
  });
  afterEach(async () => {
    await store.close();
  });

  it('eight reds at once: exactly one leads, the other seven join it, and asking again answers the same', async () => {
    const deps = { store, clock: { now: () => NOW }, log: quiet, windowMs: 600_000 };
    const claims = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((n) => claimStorm(deps, red(n))));
    const leads = claims.filter((claim) => claim.choice.kind === 'lead');
    expect(leads).toHaveLength(1);
    const leadId = leads[0]?.incidentId;
    for (const claim of claims) {
      if (claim.choice.kind === 'join') expect(claim.choice.lead.incidentId).toBe(leadId);
    }
    const again = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((n) => claimStorm(deps, red(n))));
    expect(again.map((claim) => claim.choice.kind)).toEqual(claims.map((claim) => claim.choice.kind));
  });

  it('a store that cannot answer leaves the red alone: posted and paged as any incident', async () => {
    const broken = { ...store, get: () => Promise.reject(new Error('down')) } as Store;
    const claim = await claimStorm(
      { store: broken, clock: { now: () => NOW }, log: quiet, windowMs: 600_000 },
      red(1),
    );
    expect(claim.choice.kind).toBe('alone');
  });

  it('acknowledging the lead acknowledges each member still red, and only those', async () => {
    const watch = red(1).watch;
    const member = (n: number, status: string) => ({ incidentId: `acme/svc-${n}:ci.yml:main#1`, status });
    await store.put(
      'watch:acme/svc-1:ci.yml:main',
      {
        outbox: [],
        current: {
          incident: {
            id: 'acme/svc-1:ci.yml:main#1',
            storm: { members: [member(2, 'open'), member(3, 'recovered')] },
          },
        },
      },
      0,
    );
    const acked: string[] = [];
    const findTarget = async (key: string) =>
      key === 'acme/svc-1:ci.yml:main' ? { watch, channel: 'C1', users: {} } : undefined;
    const count = await acknowledgeMembers({ store, findTarget }, 'acme/svc-1:ci.yml:main#1', async (id) => {
      acked.push(id);
    });
    expect(count).toBe(1);
    expect(acked).toEqual(['acme/svc-2:ci.yml:main#1']);
  });
});
