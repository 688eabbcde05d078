// The ci capability's public entry point: what other capabilities may use of it. Nothing in ci
// imports another capability's use cases, so the capabilities that plug into the check import
// this file without closing a loop.

export { type Opening, openRegression } from './advance-watch.js';
export {
  type Blame,
  type CheckFacts,
  type FactKey,
  factId,
  jobsOf,
  keepStageFact,
  rangeOf,
  type StageFactKey,
  stageFact,
  suspectRange,
} from './check-facts.js';
export type { CheckMove, CheckStage, Decide } from './check-stage.js';
export { type DescribeDeps, failingJobs } from './describe-failure.js';
export { type FindTarget, watchKeyOfIncident } from './incident-action.js';
export { readRuns } from './read-runs.js';
export type { WatchTargetSource } from './run-cycle.js';
export {
  allSlots,
  channelToArchive,
  EMPTY_WATCH_DOC,
  enqueue,
  findSlot,
  type IncidentChannel,
  type IncidentSlot,
  type OutboxItem,
  type OutboxWork,
  prune,
  type SetAside,
  WATCH_DOC_PREFIX,
  type WatchDoc,
  watchDocKey,
  withSlot,
} from './watch-doc.js';
export type { WatchTarget } from './watch-target.js';
