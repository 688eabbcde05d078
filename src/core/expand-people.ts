import type { Chat } from './ports.js';

/** The user IDs among `ids`, user groups (`S…`) replaced by their members, each once. */
export async function expandPeople(chat: Chat, ids: readonly string[]): Promise<string[]> {
  const users = new Set<string>();
  for (const id of ids) {
    if (!id.startsWith('S')) users.add(id);
    else for (const member of await chat.usergroupMembers(id)) users.add(member);
  }
  return [...users];
}
