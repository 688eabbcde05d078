import type { CheckStage } from '../ci/index.js';
import { type AskRetryDeps, askRetry } from './ask-retry.js';
import { type DiagnoseDeps, diagnoseIncident } from './diagnose-incident.js';
import { openingFactsNeeded } from './opening-facts-needed.js';

/**
 * Diagnosis in a check: before deciding, the look-ups an opening needs (error lines for
 * flakeRetry, the earlier incident with the same failure); once recorded, the automatic re-run
 * the write decided; after delivery, the posted incident's error lines.
 */
export function diagnosisStage(deps: AskRetryDeps & DiagnoseDeps): CheckStage {
  return {
    name: 'diagnosis',
    factsNeeded: openingFactsNeeded,
    // This write decided on an automatic re-run: ask GitHub for it. Refused, the check decides again.
    confirm: async (target, move) => {
      const decided = move.previous !== undefined && move.previous.pendingRetry === undefined;
      const retry = decided ? move.doc.pendingRetry : undefined;
      return retry === undefined || askRetry(deps, target, retry);
    },
    afterDeliver: (target, _move, delivery) => diagnoseIncident(deps, target, delivery),
  };
}
