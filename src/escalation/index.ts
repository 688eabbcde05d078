// The escalation capability's public entry point: what other capabilities may use of it. (Older reaches
// into its files are listed in .dependency-cruiser-known-violations.json until they move here.)

export { deliverDm, deliverPage, updateDm } from './deliver-page.js';
export { fixAlertWork } from './fix-alert-work.js';
