/** What one drain of a watch's outbox achieved. */
export interface DrainResult {
  readonly delivered: number;
  /** Work left for a later look because Slack failed; it stays in the store. */
  readonly pending: number;
  /** Items Slack refused for good, set aside (kept with the reason) so the rest went on. */
  readonly setAside?: number;
  readonly failed: boolean;
  /** The outbox is owed another drain, queued for the owed-drain tick (drain-outbox.ts's oweDrain). */
  readonly owed?: boolean;
}
