export interface ChatMessage {
  readonly channel: string;
  readonly text: string;
  readonly blocks?: readonly unknown[];
  readonly threadTs?: string;
  /** Tags a top-level message with the incident it shows, so it can be found again. */
  readonly incidentId?: string;
  /**
   * With `incidentId`, tags the message with the one delivery that sent it (an outbox item), so a
   * retry after a crash finds it instead of sending it again (`findDm`, `findReply`).
   */
  readonly delivery?: string;
}

/** The tag of one delivery of an incident's work: see ChatMessage.delivery. */
export interface DeliveryTag {
  readonly incidentId: string;
  readonly delivery: string;
}

export interface PostedMessage {
  readonly channel: string;
  readonly ts: string;
}

/**
 * Slack as use cases see it. Every method throws on an API error: a DeliveryRefusedError when
 * Slack refused in a way no retry mends (delivery-refused.ts), the error as it came otherwise.
 */
export interface Chat {
  post(message: ChatMessage): Promise<PostedMessage>;
  /** A direct message to one user (`channel` is ignored): the DM is opened first. */
  dm(user: string, message: Omit<ChatMessage, 'channel'>): Promise<PostedMessage>;
  update(message: ChatMessage & { readonly ts: string }): Promise<void>;
  /**
   * The newest message posted in `channel` since `sinceMs` tagged with `incident` (an incident ID,
   * or a test of the tagged ID), if any.
   */
  findIncidentMessage(
    channel: string,
    incident: string | ((incidentId: string) => boolean),
    sinceMs: number,
  ): Promise<PostedMessage | undefined>;
  /**
   * The newest DM to `user` sent since `sinceMs` tagged with `tag`, if any. Throws when the DM's
   * history cannot be read.
   */
  findDm(user: string, tag: DeliveryTag, sinceMs: number): Promise<PostedMessage | undefined>;
  /**
   * The newest reply in the thread of `root` posted since `sinceMs` tagged with `tag`, if any.
   * Throws when the thread cannot be read.
   */
  findReply(root: PostedMessage, tag: DeliveryTag, sinceMs: number): Promise<PostedMessage | undefined>;
  /** The Slack user ID for an e-mail address, or undefined when nobody has it. */
  userIdByEmail(email: string): Promise<string | undefined>;
  /** A message only `user` sees, in `channel`. */
  ephemeral(channel: string, user: string, text: string): Promise<void>;
  /** The user IDs in a Slack user group. */
  usergroupMembers(usergroup: string): Promise<string[]>;
  /** A link to a message that opens it in Slack (`chat.getPermalink`). */
  permalink(message: PostedMessage): Promise<string>;
}
