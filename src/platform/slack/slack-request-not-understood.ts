/** A signed Slack request body that is not a `SlackRequest`: answered 400, nothing is done. */
export class SlackRequestNotUnderstood extends Error {
  override readonly name = 'SlackRequestNotUnderstood';
}
