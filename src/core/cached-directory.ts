import type { Chat, Clock } from './ports.js';
import { ttlMemo } from './ttl-memo.js';

export interface DirectoryCacheOptions {
  /** How long an e-mail lookup's answer, found or not, is kept (`users.lookupByEmail` is Tier 3). */
  readonly emailTtlMs: number;
  /**
   * How long a user group's members are kept. Shorter than for e-mails: approvers may be a group,
   * and someone taken out of it should not keep approving for long.
   */
  readonly usergroupTtlMs: number;
  /** Most addresses, and most groups, remembered at once. */
  readonly maxEntries: number;
}

export const DIRECTORY_CACHE: DirectoryCacheOptions = {
  emailTtlMs: 60 * 60_000,
  usergroupTtlMs: 5 * 60_000,
  maxEntries: 1_000,
};

/**
 * The Chat with its two directory reads remembered for a while: a burst of incidents by one
 * author asks Slack once, not once per incident. "Nobody has that address" (`users_not_found`,
 * answered by the adapter as undefined) is remembered like an answer; an error is not.
 */
export function cachedDirectory(chat: Chat, clock: Clock, options = DIRECTORY_CACHE): Chat {
  const userIdByEmail = ttlMemo((email) => chat.userIdByEmail(email), {
    ttlMs: options.emailTtlMs,
    maxEntries: options.maxEntries,
    now: () => clock.now(),
  });
  const usergroupMembers = ttlMemo((usergroup) => chat.usergroupMembers(usergroup), {
    ttlMs: options.usergroupTtlMs,
    maxEntries: options.maxEntries,
    now: () => clock.now(),
  });
  // The Chat adapters are plain objects of closures: spreading keeps every other method as it is,
  // including any added to the port later.
  return {
    ...chat,
    userIdByEmail,
    // Each caller gets its own array: one that sorts or pushes must not change what others read.
    usergroupMembers: async (usergroup) => [...(await usergroupMembers(usergroup))],
  };
}
