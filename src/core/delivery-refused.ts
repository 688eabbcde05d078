/**
 * Slack refused one delivery in a way no retry mends (Slack's documented error for that method
 * says the target is gone or the content can never be accepted: `message_not_found`,
 * `channel_not_found`, `is_archived`, `user_not_found`, `msg_too_long`, ...). The outbox sets the
 * item aside with this reason and goes on with the items behind it. Transient failures (rate
 * limits, 5xx, `internal_error`, timeouts, network errors) and workspace-wide ones (a revoked
 * token) are thrown as they came: they are retried, since every item would fail alike.
 */
export class DeliveryRefusedError extends Error {
  override readonly name = 'DeliveryRefusedError';
  constructor(
    /** The Web API method Slack refused (`chat.update`). */
    readonly method: string,
    /** Slack's error code (`message_not_found`). */
    readonly code: string,
    /** The channel (or user, for a DM) the call was about. */
    readonly channel: string,
  ) {
    super(`Slack refused ${method} for ${channel}: ${code}`);
  }
}

export function isDeliveryRefused(error: unknown): error is DeliveryRefusedError {
  return error instanceof DeliveryRefusedError;
}
