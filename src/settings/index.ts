// The settings capability's public entry point: what other capabilities may use of it. (Older reaches
// into its files are listed in .dependency-cruiser-known-violations.json until they move here.)

export type { Oncall } from './config.js';
export { SETTINGS_KEY, storeFailure } from './settings.js';
