// The escalation capability's public entry point: what other capabilities may use of it.

export { pageSender } from './deliver-page.js';
export { escalationOf } from './domain/escalation-of.js';
export { fixAlertWork } from './fix-alert-work.js';
