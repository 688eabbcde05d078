import type { App } from '@slack/bolt';
import { type DeliveryDedupeDeps, dedupeDeliveries } from './dedupe-deliveries.js';
import { type DmDeps, registerDmListener } from './dm-listener.js';
import { type HomeDeps, registerHomeTab } from './home-tab.js';
import { type IncidentActionDeps, registerIncidentActions } from './incident-actions.js';
import { type MentionDeps, registerMentionListener } from './mention-listener.js';
import { type CommandDeps, registerOverseerCommand } from './overseer-command.js';
import { registerThreadReplyListener, type ThreadReplyDeps } from './thread-reply-listener.js';

export type SlackListenerDeps = DeliveryDedupeDeps &
  IncidentActionDeps &
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
  registerMentionListener(app, deps);
  registerOverseerCommand(app, deps);
  registerDmListener(app, deps);
  registerThreadReplyListener(app, deps);
  registerHomeTab(app, deps);
}
