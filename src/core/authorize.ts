import type { Chat } from './ports.js';

/**
 * True when `userId` is one of `allowed`: listed by user ID, or a member of a listed user group
 * (`S…`). A group that cannot be read grants nothing: authorisation fails closed.
 */
export async function isAllowed(
  chat: Pick<Chat, 'usergroupMembers'>,
  allowed: readonly string[],
  userId: string,
): Promise<boolean> {
  if (allowed.includes(userId)) return true;
  for (const id of allowed) {
    if (!id.startsWith('S')) continue;
    try {
      if ((await chat.usergroupMembers(id)).includes(userId)) return true;
    } catch {
      // Fails closed: an unreadable group admits nobody.
    }
  }
  return false;
}
