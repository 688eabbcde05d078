// The ci capability's public entry point: what other capabilities may use of it. (Older reaches
// into ci's files are listed in .dependency-cruiser-known-violations.json until they move here.)

export { type CheckFacts, type FactKey, factId } from './check-facts.js';
export type { CheckMove, CheckStage } from './check-stage.js';
export type { FindTarget } from './incident-action.js';
export { EMPTY_WATCH_DOC, type WatchDoc, watchDocKey } from './watch-doc.js';
export type { WatchTarget } from './watch-target.js';
