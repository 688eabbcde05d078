// The incidents capability's public entry point: what other capabilities may use of it.

export type { DrainResult } from './domain/drain-result.js';
export type { DrainDeps, PageSender } from './drain-deps.js';
export { drainOutbox } from './drain-outbox.js';
export type { SetAside } from './set-aside.js';
