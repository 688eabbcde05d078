import type { OutboxItem, OutboxWork } from '../ci/index.js';
import type { PostedMessage } from '../core/ports.js';

/** What carrying out one outbox item did, for recording it. */
export interface Step {
  readonly done: OutboxItem | undefined;
  readonly message?: PostedMessage;
  /** The fix task's thread message, when this step posted it. */
  readonly taskMessage?: PostedMessage;
  /** Escalation DMs this step sent. */
  readonly dms?: readonly PostedMessage[];
  /** Work that takes the done item's place at the head of the outbox (one item per DM). */
  readonly expand?: readonly OutboxWork[];
  readonly incidentId: string;
}
