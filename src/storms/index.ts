// The storms capability's public entry point: one cause, one message (CONTRACT section 6).

export { type StormsStageDeps, stormsStage } from './storms-stage.js';
