import type { IncidentSlot, OutboxItem, OutboxWork, WatchDoc, WatchTarget } from '../ci/index.js';
import type { PostedMessage } from '../core/ports.js';
import type { DrainDeps } from './drain-deps.js';

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

/** The outbox item of one kind. */
export type ItemOf<K extends OutboxItem['kind']> = Extract<OutboxItem, { kind: K }>;

/** One outbox item being carried out: the drain's deps, the watch, its document as read, the incident. */
export interface Performing<I extends OutboxItem = OutboxItem> {
  readonly deps: DrainDeps;
  readonly target: WatchTarget;
  readonly doc: WatchDoc;
  readonly slot: IncidentSlot;
  readonly item: I;
}

/** Work in the incident's thread (or that links to it): its top message, posted. */
export interface InThread<I extends OutboxItem = OutboxItem> extends Performing<I> {
  readonly root: PostedMessage;
}

/** `item` done, nothing else to record. */
export function doneWith(item: OutboxItem): Step {
  return { done: item, incidentId: item.incidentId };
}
