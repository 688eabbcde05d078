// The settings capability's public entry point: what other capabilities may use of it.

export type { Oncall } from './config.js';
export { SETTINGS_KEY, storeFailure } from './settings.js';
