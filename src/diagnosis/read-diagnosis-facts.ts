import {
  type CheckFacts,
  type DescribeDeps,
  type FactKey,
  factId,
  failingJobs,
  keepStageFact,
  type WatchTarget,
} from '../ci/index.js';
import type { Chat, JobLogs, Settings } from '../core/ports.js';
import { permalinkMessage, retryAllowedKey } from './diagnosis-facts.js';
import { readExcerpts } from './read-excerpts.js';

export interface DiagnosisFactDeps extends DescribeDeps {
  /** Reads failing jobs' error lines; absent, incidents show none. */
  readonly jobLogs?: JobLogs;
  /** The pause, read before an automatic re-run; absent, none is made. */
  readonly settings?: Settings;
}

/**
 * Asks Slack for the link `key` names (permalinkKey) when `facts` lacks it; '' when Slack gives
 * none. Any other look-up: nothing.
 */
export async function readPermalink(chat: Chat, facts: Pick<CheckFacts, 'stages'>, key: FactKey) {
  if (key.kind !== 'stage' || facts.stages.has(factId(key))) return;
  const message = permalinkMessage(key);
  if (message === undefined) return;
  keepStageFact(facts, key, await chat.permalink(message).catch(() => ''));
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
  const retryAllowed = retryAllowedKey();
  for (const key of keys) {
    if (key.kind === 'lines' && !facts.lined.has(factId(key))) {
      const jobs =
        facts.jobs.get(factId(key)) ?? (await failingJobs(deps, target.watch.repo, key.runId, key.attempt));
      // Bounded and never thrown: logs that are slow or gone cost the lines, not the incident.
      const read =
        deps.jobLogs === undefined ? jobs : await readExcerpts(deps.jobLogs, target.watch.repo, jobs);
      facts.jobs.set(factId(key), read);
      facts.lined.add(factId(key));
    } else if (factId(key) === factId(retryAllowed) && !facts.stages.has(factId(key))) {
      const read = await deps.settings?.read();
      keepStageFact(facts, retryAllowed, read?.ok === true && read.settings.pause === undefined);
    } else {
      await readPermalink(deps.chat, facts, key);
    }
  }
}
