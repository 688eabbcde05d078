import type { App } from '@slack/bolt';
import { type DeliveryDedupeDeps, dedupeDeliveries } from './dedupe-deliveries.js';
import { type IncidentActionDeps, registerIncidentActions } from './incidents/incident-actions.js';
import { registerThreadReplyListener, type ThreadReplyDeps } from './incidents/thread-reply-listener.js';
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
 * Every Bolt listener Overseer has, registered in one place: what is registered here is what
 * `slackSurface` declares and `manifest.yml` subscribes to (test/adapters/slack/slack-surface.test.ts).
 */
export function registerSlackListeners(app: App, deps: SlackListenerDeps): void {
  // First: Slack's repeats of a delivery reach no listener.
  dedupeDeliveries(app, deps);
  registerIncidentActions(app, deps);
  registerStormActions(app, deps);
  registerMentionListener(app, deps);
  registerOverseerCommand(app, deps);
  registerDmListener(app, deps);
  registerThreadReplyListener(app, deps);
  registerHomeTab(app, deps);
}
