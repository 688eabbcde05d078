import type { SlackRuntime } from './create-slack-app.js';
import { type DeliveryDedupeDeps, dedupeDeliveries } from './dedupe-deliveries.js';
import { type IncidentActionDeps, registerIncidentActions } from './incidents/incident-actions.js';
import { registerThreadReplyListener, type ThreadReplyDeps } from './incidents/thread-reply-listener.js';
import { createListenerRouter, type ListenerApp } from './listener-router.js';
import { registerStormActions, type StormActionDeps } from './storms/storm-actions.js';
import { type DmDeps, registerDmListener } from './talk/dm-listener.js';
import { type HomeDeps, registerHomeTab } from './talk/home-tab.js';
import { type MentionDeps, registerMentionListener } from './talk/mention-listener.js';
import { type CommandDeps, registerOverseerCommand } from './talk/overseer-command.js';

export type SlackListenerDeps = DeliveryDedupeDeps &
  IncidentActionDeps &
  StormActionDeps &
  MentionDeps &
  CommandDeps &
  DmDeps &
  HomeDeps &
  ThreadReplyDeps;

/**
 * Overseer's middleware and listeners, registered with `use` (on Bolt, and over HTTP on the direct
 * route of commands and interactions too): first the de-duplication of Slack's repeats, then one
 * router that hands each request to the listeners of its action, command, event or view.
 */
export function registerSlackListeners(slack: Pick<SlackRuntime, 'use'>, deps: SlackListenerDeps): void {
  // First: Slack's repeats of a delivery reach no listener.
  dedupeDeliveries(slack, deps);
  const router = createListenerRouter();
  registerListeners(router.app, deps);
  slack.use(router.dispatch);
}

/**
 * Every listener Overseer has, registered in one place: what is registered here is what
 * `slackSurface` declares and `manifest.yml` subscribes to (test/platform/slack/slack-surface.test.ts).
 */
export function registerListeners(app: ListenerApp, deps: SlackListenerDeps): void {
  registerIncidentActions(app, deps);
  registerStormActions(app, deps);
  registerMentionListener(app, deps);
  registerOverseerCommand(app, deps);
  registerDmListener(app, deps);
  registerThreadReplyListener(app, deps);
  registerHomeTab(app, deps);
}
