// The storms capability's public entry point: one cause, one message (CONTRACT section 6).

export { type AckMembersDeps, acknowledgeMembers } from './acknowledge-members.js';
export { type SplitDeps, type SplitOutcome, splitStorm } from './split-storm.js';
export { type StormsStageDeps, stormsStage } from './storms-stage.js';
