import type { PostedMessage } from './chat.js';

/** What `IncidentChannels.create` answers: the new channel, or that Slack has one of that name. */
export type ChannelCreated = { readonly kind: 'created'; readonly id: string } | { readonly kind: 'taken' };

/**
 * Slack refused an incident channel call in a way no retry mends (a scope not granted, a workspace
 * that lets no app create channels, a channel archived or left by hand): the work is given up.
 */
export class ChannelRefusedError extends Error {
  override readonly name = 'ChannelRefusedError';
  constructor(readonly reason: string) {
    super(`Slack refused the incident channel call: ${reason}`);
  }
}

/**
 * Slack channels of their own for incidents (a repo's `incidentChannels`), in the separate scopes
 * of the optional manifest section. Every method throws on an unexpected API error, and a
 * ChannelRefusedError when retrying cannot help.
 */
export interface IncidentChannels {
  /** Creates a public channel; `taken` when the name is in use (archived channels keep theirs). */
  create(name: string): Promise<ChannelCreated>;
  /**
   * Invites people (up to 1000 a call). Who is in already, the bot itself, and people who can
   * never be invited (deactivated, unknown) are passed over; answers those passed over.
   */
  invite(channel: string, users: readonly string[]): Promise<readonly string[]>;
  /** Pins a message; one pinned already counts as done. */
  pin(message: PostedMessage): Promise<void>;
  /** Archives a channel: `archived` (also when it was already), or Slack's reason it will not. */
  archive(channel: string): Promise<'archived' | 'not_in_channel' | 'channel_not_found'>;
}
