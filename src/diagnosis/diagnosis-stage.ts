import type { CheckStage } from '../ci/index.js';
import { type AskRetryDeps, askRetry } from './ask-retry.js';
import { type DiagnoseDeps, diagnoseIncident } from './diagnose-incident.js';
import { DIAGNOSIS_STAGE } from './diagnosis-facts.js';
import { openingFactsNeeded } from './opening-facts-needed.js';
import { type DiagnosisFactDeps, readDiagnosisFacts } from './read-diagnosis-facts.js';
import { rememberFailuresStep } from './remember-failures-step.js';
import { takeRetryStep } from './take-retry-step.js';

export type DiagnosisStageDeps = AskRetryDeps & DiagnoseDeps & DiagnosisFactDeps;

/**
 * Diagnosis in a check: before deciding, the look-ups an opening needs (error lines for
 * flakeRetry, whether a re-run is allowed, the earlier incident with the same failure), made by
 * this stage; deciding, a red re-run automatically instead of paging (and the step after that
 * re-run), and the failure memory; once recorded, the automatic re-run the write decided; after
 * delivery, the posted incident's error lines.
 */
export function diagnosisStage(deps: DiagnosisStageDeps): CheckStage {
  return {
    name: DIAGNOSIS_STAGE,
    factsNeeded: openingFactsNeeded,
    readFacts: (target, facts, keys) => readDiagnosisFacts(deps, target, facts, keys),
    takeStep: takeRetryStep,
    decide: rememberFailuresStep,
    // This write decided on an automatic re-run: ask GitHub for it. Refused, the check decides again.
    confirm: async (target, move) => {
      const decided = move.previous !== undefined && move.previous.pendingRetry === undefined;
      const retry = decided ? move.doc.pendingRetry : undefined;
      return retry === undefined || askRetry(deps, target, retry);
    },
    afterDeliver: (target, _move, delivery) => diagnoseIncident(deps, target, delivery),
  };
}
