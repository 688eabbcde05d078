import type { Chat, ChatMessage, DeliveryTag, Log, PostedMessage } from '../core/ports.js';

/**
 * The message an earlier attempt posted but could not record (a crash between Slack's answer and
 * the store write), found by `look` (its tag, in the channel or the thread); undefined when there
 * is none, or when Slack's history cannot be read: then it is posted, as a message shown twice
 * beats one never shown. First posts made once per incident or task look every time (a few
 * Slack reads per incident); the outbox's pages, notes and DMs, which are many, look only when an
 * attempt was recorded first (send-once.ts).
 */
export async function earlierPost(
  deps: { readonly log: Log },
  tag: DeliveryTag,
  look: () => Promise<PostedMessage | undefined>,
): Promise<PostedMessage | undefined> {
  try {
    const found = await look();
    if (found !== undefined)
      deps.log.info({ incident: tag.incidentId, delivery: tag.delivery }, 'Found the message posted before');
    return found;
  } catch (error) {
    deps.log.warn(
      { err: error, incident: tag.incidentId, delivery: tag.delivery },
      'Slack history unreadable; posting the message',
    );
    return undefined;
  }
}

/** Posts `message`, tagged, unless `look` finds the one an earlier attempt posted: then that one. */
export async function postUnlessFound(
  deps: { readonly chat: Chat; readonly log: Log },
  message: ChatMessage & DeliveryTag,
  look: () => Promise<PostedMessage | undefined>,
): Promise<PostedMessage> {
  return (await earlierPost(deps, message, look)) ?? deps.chat.post(message);
}
