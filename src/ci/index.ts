// The ci capability's public entry point: what other capabilities may use of it. (Older reaches
// into ci's files are listed in .dependency-cruiser-known-violations.json until they move here.)

export { escalationOf } from './advance-watch.js';
export { type CheckFacts, type FactKey, factId } from './check-facts.js';
export type { CheckMove, CheckStage } from './check-stage.js';
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
