import { type WatchRef, watchKey } from '../core/domain/types.js';
import type { PostedMessage } from '../core/ports.js';
import type { FailureMemory } from '../diagnosis/domain/failure-memory.js';
import type { PendingRetry } from '../diagnosis/domain/pending-retry.js';
import type { StepAction } from '../escalation/domain/escalation-policy.js';
import type { FixTask } from '../fix-tasks/domain/fix-task.js';
import { isOpen } from '../fix-tasks/domain/fix-task-lifecycle.js';
import type { TaskProposal } from '../fix-tasks/domain/task-proposal.js';
import type { DigestEntry } from '../incidents/domain/digest.js';
import type { Incident } from '../incidents/domain/incident.js';
import { mergeNotes, type ThreadNote } from '../incidents/domain/thread-note.js';
import { type EpisodeState, INITIAL_EPISODE_STATE } from './domain/episode.js';

/**
 * Slack work owed for a watch's incident, done in order and removed once done: its message, a
 * thread note, its fix task's message in the thread (posted once, then updated in place), one
 * action of an escalation step that fired (`page`: dropped undelivered when the incident's
 * fencing token changed since), the update of the DMs it sent (`dms`, after an ack or a
 * recovery), or a line for the channel's daily digest (`digest`, an event a decision queued).
 */
export type OutboxWork =
  | { readonly kind: 'render' }
  | { readonly kind: 'note'; readonly note: ThreadNote }
  | { readonly kind: 'task' }
  | {
      readonly kind: 'page';
      readonly step: string;
      readonly round: number;
      readonly token: string;
      readonly action: StepAction;
    }
  | { readonly kind: 'dms' }
  /** One DM of a `page` step, to one person: each is sent and recorded on its own. */
  | { readonly kind: 'dm'; readonly user: string; readonly token: string }
  /** The update of one DM sent before (a `dms` item becomes one of these per DM). */
  | { readonly kind: 'dm-update'; readonly dm: PostedMessage }
  | { readonly kind: 'digest'; readonly day: string; readonly entry: DigestEntry }
  /** The incident's own channel: create, invite, post and pin its summary, link it (`channel`). */
  | { readonly kind: 'channel' }
  /** Archive the incident's own channel, a day after recovery. */
  | { readonly kind: 'archive' };
export type OutboxItem = OutboxWork & { readonly id: number; readonly incidentId: string };

/** An incident and, once it was posted, its top-level Slack message. */
/** An outbox item Slack refused for good, kept with Slack's reason for the admins to see. */
export interface SetAside {
  readonly item: OutboxItem;
  /** The Web API method refused (`chat.update`). */
  readonly method: string;
  /** Slack's error code (`message_not_found`). */
  readonly code: string;
  /** The channel (or user, for a DM) the call was about. */
  readonly channel: string;
  /** When it was set aside (epoch ms). */
  readonly at: number;
}

export interface IncidentSlot {
  readonly incident: Incident;
  readonly message?: PostedMessage;
  /** Set while the message is to be posted afresh because Slack said the one before was deleted. */
  readonly replacesDeleted?: boolean;
  /** When a post of the message was last attempted: a retry first looks for what it made. */
  readonly postAttemptedAt?: number;
  /**
   * Set when the incident opened with no memory of its watch (a first look, or a store that lost
   * its data): a message of this watch's posted since this time (its first red run's creation) may
   * show this very episode already, and is looked for before posting one (post-root.ts).
   */
  readonly mayBePostedSince?: number;
  /** The fix task proposed for this incident, if one was opened (one per incident). */
  readonly task?: FixTask;
  /** A fix task owed to this incident and not proposed yet (task-proposal.ts). */
  readonly proposal?: TaskProposal;
  /** The task's message in the incident's thread, once posted. */
  readonly taskMessage?: PostedMessage;
  /** Escalation DMs sent for this incident, updated when someone acknowledges it. */
  readonly dms?: readonly PostedMessage[];
  /**
   * Outbox items of one new message each (a thread reply or a DM, by item ID) whose send was
   * attempted and not yet recorded done: a retry first looks for what the attempt may have sent
   * (incidents/send-once.ts).
   */
  readonly sendAttempts?: readonly SendAttempt[];
  /** The incident's own channel (a repo's `incidentChannels`), each step recorded once done. */
  readonly incidentChannel?: IncidentChannel;
}

/** One send attempt of an outbox item: the item's ID and when (epoch ms). */
export interface SendAttempt {
  readonly item: number;
  readonly at: number;
}

/**
 * Where setting up (and later archiving) an incident's own channel stands. Each step is recorded
 * right after Slack accepted it, so a retry after a failure or a crash picks up at the next step:
 * the channel is created once, its people invited, its summary posted and pinned, and it is
 * linked in the incident's thread.
 */
export interface IncidentChannel {
  /** Names tried so far; Slack answered `name_taken` for all but the last. */
  readonly attempt: number;
  readonly id?: string;
  readonly name?: string;
  readonly invited?: readonly string[];
  /** The incident's summary in the channel, kept up to date with its message and pinned. */
  readonly summary?: PostedMessage;
  readonly pinned?: boolean;
  readonly linked?: boolean;
  readonly archived?: boolean;
  /** Slack's reason the channel could not be archived (the bot was removed, the channel deleted). */
  readonly archiveRefused?: string;
  /** Slack's reason setting the channel up was given up (`missing_scope`): nothing more is tried. */
  readonly refused?: string;
}

/** True while the incident's channel exists and is still to be archived. */
export function channelToArchive(slot: IncidentSlot): boolean {
  const channel = slot.incidentChannel;
  if (channel === undefined || channel.archived || channel.archiveRefused !== undefined) return false;
  return channel.id !== undefined || channel.refused === undefined;
}

/**
 * Everything Overseer keeps about one watch, in one document so that every transition is a
 * single compare-and-set: the episode machine, the current (or last) incident and its Slack
 * message, earlier incidents (the one just before, and any whose Slack work is still owed), and
 * the work owed.
 */
export interface WatchDoc {
  readonly episode: EpisodeState;
  readonly current?: IncidentSlot;
  /** Earlier incidents, newest first: the one just before `current`, and any still owed work. */
  readonly earlier?: readonly IncidentSlot[];
  /** Written by versions before `earlier`: read as its first entry. */
  readonly previous?: IncidentSlot;
  readonly outbox: readonly OutboxItem[];
  readonly nextOutboxId: number;
  /** Times of recent flaky resolutions (epoch ms), for the "flakes repeatedly" call-out. */
  readonly flakes: readonly number[];
  /** Failures seen, by fingerprint, with how they ended: 30 days, bounded (failure-memory.ts). */
  readonly failures?: FailureMemory;
  /** An automatic re-run (`flakeRetry`) being waited for instead of paging (pending-retry.ts). */
  readonly pendingRetry?: PendingRetry;
  /** Commits re-run automatically, newest last: at most one automatic re-run per commit. */
  readonly autoRetried?: readonly string[];
  /** Slack work Slack refused for good, newest first, bounded (set-aside.ts): never retried. */
  readonly setAside?: readonly SetAside[];
}

export const EMPTY_WATCH_DOC: WatchDoc = {
  episode: INITIAL_EPISODE_STATE,
  outbox: [],
  nextOutboxId: 1,
  flakes: [],
};

/** What every watch document's key starts with. */
export const WATCH_DOC_PREFIX = 'watch:';

export function watchDocKey(watch: WatchRef): string {
  return `${WATCH_DOC_PREFIX}${watchKey(watch)}`;
}

/**
 * How many earlier incidents with Slack work still owed a document keeps. Past that (Slack down
 * through that many episodes of one watch) the oldest is let go, and a warning is logged.
 */
export const MAX_EARLIER = 20;

function earlierSlots(doc: WatchDoc): readonly IncidentSlot[] {
  return doc.earlier ?? (doc.previous ? [doc.previous] : []);
}

/** Every incident the document holds: the current one first, then the earlier ones, newest first. */
export function allSlots(doc: WatchDoc): readonly IncidentSlot[] {
  return doc.current ? [doc.current, ...earlierSlots(doc)] : earlierSlots(doc);
}

/** The slot holding incident `id`: the current one or an earlier one. */
export function findSlot(doc: WatchDoc, id: string): IncidentSlot | undefined {
  if (doc.current?.incident.id === id) return doc.current;
  return earlierSlots(doc).find((slot) => slot.incident.id === id);
}

/** The document with incident `id`'s slot replaced; unchanged when no slot holds it. */
export function withSlot(doc: WatchDoc, id: string, slot: IncidentSlot): WatchDoc {
  if (doc.current?.incident.id === id) return { ...doc, current: slot };
  const earlier = earlierSlots(doc);
  if (!earlier.some((held) => held.incident.id === id)) return doc;
  const { previous: _legacy, ...rest } = doc;
  return { ...rest, earlier: earlier.map((held) => (held.incident.id === id ? slot : held)) };
}

/**
 * Forgets earlier incidents nothing is owed for any more, keeping the one just before the current
 * (its buttons may still be pressed), any whose fix task is still open (a fix pull request may
 * still merge), any whose own channel is still to be archived, and at most MAX_EARLIER of them.
 */
export function prune(doc: WatchDoc): WatchDoc {
  const owed = new Set(doc.outbox.map((item) => item.incidentId));
  const kept = earlierSlots(doc)
    .filter(
      (slot, index) =>
        index === 0 ||
        owed.has(slot.incident.id) ||
        (slot.task !== undefined && isOpen(slot.task)) ||
        channelToArchive(slot),
    )
    .slice(0, MAX_EARLIER);
  const { previous: _legacy, ...rest } = doc;
  return { ...rest, earlier: kept };
}

/** The document with `slot` as its current incident and the one before it kept as earlier. */
export function retire(doc: WatchDoc, slot: IncidentSlot): WatchDoc {
  const earlier = doc.current ? [doc.current, ...earlierSlots(doc)] : earlierSlots(doc);
  const { previous: _legacy, ...rest } = doc;
  return prune({ ...rest, current: slot, earlier });
}

/** Outbox items whose incident is no longer held (dropped past MAX_EARLIER). */
export function orphanedWork(doc: WatchDoc): readonly OutboxItem[] {
  return doc.outbox.filter((item) => findSlot(doc, item.incidentId) === undefined);
}

/**
 * Queues Slack work for an incident. A render (of the incident, or of its task) shows the latest
 * state, so an earlier one of the same kind still waiting is dropped: one update does for both.
 * A thread note that a waiting one can be merged into (`mergeNotes`) replaces it (unless that one
 * is first in line, maybe being posted), so a long red while Slack is unreachable owes a few
 * notes, not one per commit.
 */
export function enqueue(doc: WatchDoc, incidentId: string, work: readonly OutboxWork[]): WatchDoc {
  let outbox = [...doc.outbox];
  let nextOutboxId = doc.nextOutboxId;
  for (const item of work) {
    let queuedItem: OutboxWork = item;
    if (item.kind === 'render' || item.kind === 'task') {
      outbox = outbox.filter((queued) => !(queued.kind === item.kind && queued.incidentId === incidentId));
    }
    if (item.kind === 'note') {
      // Never the first item: the drain may be posting it right now (it works oldest first).
      const index = outbox.findIndex(
        (queued, at) =>
          at > 0 &&
          queued.kind === 'note' &&
          queued.incidentId === incidentId &&
          mergeNotes(queued.note, item.note) !== undefined,
      );
      const queued = outbox[index];
      const merged = queued?.kind === 'note' ? mergeNotes(queued.note, item.note) : undefined;
      if (merged !== undefined) {
        outbox.splice(index, 1);
        queuedItem = { kind: 'note', note: merged };
      }
    }
    outbox.push({ ...queuedItem, id: nextOutboxId, incidentId });
    nextOutboxId += 1;
  }
  return { ...doc, outbox, nextOutboxId };
}
