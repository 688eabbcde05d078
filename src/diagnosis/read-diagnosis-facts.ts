import {
  type CheckFacts,
  type DescribeDeps,
  type FactKey,
  factId,
  failingJobs,
  type WatchTarget,
} from '../ci/index.js';
import type { JobLogs, Settings } from '../core/ports.js';
import { readExcerpts } from './read-excerpts.js';

export interface DiagnosisFactDeps extends DescribeDeps {
  /** Reads failing jobs' error lines; absent, incidents show none. */
  readonly jobLogs?: JobLogs;
  /** The pause, read before an automatic re-run; absent, none is made. */
  readonly settings?: Settings;
}

/**
 * Diagnosis's `readFacts`: the look-ups its decisions ask for (openingFactsNeeded) that are not
 * made yet: the failing jobs' error lines, whether an automatic re-run is allowed now, and a link
 * to an earlier incident's message. Throws only on a GitHub error listing the jobs.
 */
export async function readDiagnosisFacts(
  deps: DiagnosisFactDeps,
  target: WatchTarget,
  facts: CheckFacts,
  keys: readonly FactKey[],
): Promise<void> {
  for (const key of keys) {
    if (key.kind === 'lines' && !facts.lined.has(factId(key))) {
      const jobs =
        facts.jobs.get(factId(key)) ?? (await failingJobs(deps, target.watch.repo, key.runId, key.attempt));
      // Bounded and never thrown: logs that are slow or gone cost the lines, not the incident.
      const read =
        deps.jobLogs === undefined ? jobs : await readExcerpts(deps.jobLogs, target.watch.repo, jobs);
      facts.jobs.set(factId(key), read);
      facts.lined.add(factId(key));
    } else if (key.kind === 'permalink' && !facts.links.has(factId(key))) {
      const link = await deps.chat.permalink({ channel: key.channel, ts: key.ts }).catch(() => '');
      facts.links.set(factId(key), link);
    } else if (key.kind === 'retry-allowed' && facts.retryAllowed === undefined) {
      const read = await deps.settings?.read();
      facts.retryAllowed = read?.ok === true && read.settings.pause === undefined;
    }
  }
}
