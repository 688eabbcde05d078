// Hand-made histories for the report's chart test, its README picture and its bench: `watches`
// watches over `days` days, deterministic (a seeded generator), with flaky, fixed and open episodes.
import type { EpisodeFact } from '../../src/report/domain/episode-fact.js';
import type { EpisodeRecord } from '../../src/report/domain/episode-record.js';

const H = 3_600_000;

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const LINES = [
  'Error: Timed out in waitFor after 5000ms',
  "error TS2345: Argument of type 'string' is not assignable to parameter of type 'number'.",
  'FAIL test/api/orders.test.ts > orders > refunds a partial order',
  'npm ERR! code ECONNRESET',
];
const JOBS = ['test (ubuntu-latest, 20)', 'build', 'e2e (chromium)', 'lint'];

export function sampleWatch(index: number) {
  const repos = ['acme/widgets', 'acme/gadgets', 'acme/api', 'acme/web', 'acme/mobile', 'acme/infra'];
  const repo = repos[index] ?? `acme/service-${String(index).padStart(3, '0')}`;
  return { repo, workflow: 'ci.yml', branch: 'main' };
}

/** Episodes of `watches` watches over the `days` days before `end` (and as many before them). */
export function sampleHistory(watches: number, days: number, end: number, seed = 20): EpisodeRecord[] {
  const random = seeded(seed);
  const records: EpisodeRecord[] = [];
  for (let index = 0; index < watches; index += 1) {
    const watch = sampleWatch(index);
    let at = end - 2 * days * 24 * H + random() * 24 * H;
    let episode = 1;
    while (at < end) {
      const redFor = (0.3 + random() * (random() < 0.15 ? 20 : 4)) * H;
      const kind = random();
      const jobIndex = Math.floor(random() * JOBS.length);
      const lineIndex = Math.floor(random() * LINES.length);
      const open = at + redFor > end;
      const flaky = kind < 0.35;
      const fixed = !flaky && kind > 0.8;
      const fact: EpisodeFact = {
        episode,
        since: Math.round(at),
        ...(open
          ? {}
          : { resolvedAt: Math.round(at + redFor), ended: flaky ? 'flaky' : fixed ? 'fixed' : 'recovered' }),
        ...(random() < 0.7 ? { ackAt: Math.round(at + random() * H), ackBy: 'U0ALICE' } : {}),
        failures: [
          {
            fingerprint: `f${jobIndex}${lineIndex}`,
            job: JOBS[jobIndex] ?? 'build',
            line: LINES[lineIndex] ?? '',
          },
        ],
        ...(flaky ? { flaked: [JOBS[jobIndex] ?? 'build'] } : {}),
        ...(fixed
          ? {
              task: {
                id: `T-${index}-${episode}`,
                state: 'verified',
                startedAt: Math.round(at + H / 2),
                mergedAt: Math.round(at + redFor - H / 4),
                verifiedAt: Math.round(at + redFor),
              },
            }
          : {}),
      };
      records.push({ watch, fact });
      episode += 1;
      at += redFor + (6 + random() * 60) * H;
    }
  }
  return records;
}
