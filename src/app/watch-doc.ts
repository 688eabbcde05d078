import { type EpisodeState, INITIAL_EPISODE_STATE } from '../domain/episode.js';
import type { Incident } from '../domain/incident.js';
import type { ThreadNote } from '../domain/thread-note.js';
import { type WatchRef, watchKey } from '../domain/types.js';
import type { PostedMessage } from './ports.js';

/** Slack work owed for a watch's incident, done in order and removed once done. */
export type OutboxWork = { readonly kind: 'render' } | { readonly kind: 'note'; readonly note: ThreadNote };
export type OutboxItem = OutboxWork & { readonly id: number; readonly incidentId: string };

/** An incident and, once it was posted, its top-level Slack message. */
export interface IncidentSlot {
  readonly incident: Incident;
  readonly message?: PostedMessage;
  /** When a post of the message was last attempted: a retry first looks for what it made. */
  readonly postAttemptedAt?: number;
}

/**
 * Everything Overseer keeps about one watch, in one document so that every transition is a
 * single compare-and-set: the episode machine, the current (or last) incident and its Slack
 * message, the one before it (whose Slack work may still be owed), and the work owed.
 */
export interface WatchDoc {
  readonly episode: EpisodeState;
  readonly current?: IncidentSlot;
  readonly previous?: IncidentSlot;
  readonly outbox: readonly OutboxItem[];
  readonly nextOutboxId: number;
  /** Times of recent flaky resolutions (epoch ms), for the "flakes repeatedly" call-out. */
  readonly flakes: readonly number[];
}

export const EMPTY_WATCH_DOC: WatchDoc = {
  episode: INITIAL_EPISODE_STATE,
  outbox: [],
  nextOutboxId: 1,
  flakes: [],
};

export function watchDocKey(watch: WatchRef): string {
  return `watch:${watchKey(watch)}`;
}

/** The slot holding incident `id`, the current one or the one before. */
export function findSlot(doc: WatchDoc, id: string): IncidentSlot | undefined {
  if (doc.current?.incident.id === id) return doc.current;
  if (doc.previous?.incident.id === id) return doc.previous;
  return undefined;
}

/** The document with incident `id`'s slot replaced; unchanged when no slot holds it. */
export function withSlot(doc: WatchDoc, id: string, slot: IncidentSlot): WatchDoc {
  if (doc.current?.incident.id === id) return { ...doc, current: slot };
  if (doc.previous?.incident.id === id) return { ...doc, previous: slot };
  return doc;
}

/**
 * Queues Slack work for an incident. A render shows the incident's latest state, so an earlier
 * render of the same incident still waiting is dropped: one `chat.update` does for both.
 */
export function enqueue(doc: WatchDoc, incidentId: string, work: readonly OutboxWork[]): WatchDoc {
  let outbox = [...doc.outbox];
  let nextOutboxId = doc.nextOutboxId;
  for (const item of work) {
    if (item.kind === 'render') {
      outbox = outbox.filter((queued) => !(queued.kind === 'render' && queued.incidentId === incidentId));
    }
    outbox.push({ ...item, id: nextOutboxId, incidentId });
    nextOutboxId += 1;
  }
  return { ...doc, outbox, nextOutboxId };
}
