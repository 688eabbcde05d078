// The storms capability's public entry point: one cause, one message (CONTRACT section 6).

export { type AckMembersDeps, acknowledgeMembers } from './acknowledge-members.js';
export { createStorms } from './create-storms.js';
export { type SplitDeps, type SplitOutcome, splitStorm } from './split-storm.js';
export { stormsOf } from './storms-of.js';
export { type StormsStageDeps, stormsStage } from './storms-stage.js';
