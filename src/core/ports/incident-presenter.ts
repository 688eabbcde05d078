import type { Recipient } from '../../escalation/domain/step-recipients.js';
import type { FixTask } from '../../fix-tasks/domain/fix-task.js';
import type { DigestEntry } from '../../incidents/domain/digest.js';
import type { Incident } from '../../incidents/domain/incident.js';
import type { ThreadNote } from '../../incidents/domain/thread-note.js';

/** What one escalation action says in the incident thread. */
export type PageCall =
  /** A later round's `notify: channel`: the incident is still not acknowledged. */
  | { readonly kind: 'reminder' }
  /** An @-mention of these recipients (users resolved, or a user group, `@here`, the channel). */
  | { readonly kind: 'mention'; readonly to: Recipient }
  /** A step whose target reached nobody: on-call empty, or no suspected author known in Slack. */
  | { readonly kind: 'nobody'; readonly via: 'mention' | 'dm' };

/** Turns domain records into chat messages (Block Kit in the Slack adapter). */
export interface IncidentPresenter {
  /** The incident's message; `task` is its fix task, when it has one (its state shows in the message). */
  incident(
    incident: Incident,
    now: number,
    task?: FixTask,
  ): { readonly text: string; readonly blocks: readonly unknown[] };
  note(note: ThreadNote, incident: Incident): string;
  /** An escalation action's reply in the incident thread. */
  page(call: PageCall, incident: Incident): string;
  /**
   * An escalation DM: what broke, a link to the incident message, an Acknowledge button; once
   * the incident is acknowledged (or resolved), who took it and no button.
   */
  dm(incident: Incident, permalink: string): { readonly text: string; readonly blocks: readonly unknown[] };
  /** A channel's daily digest of the events decisions queued (flaky failures by default). */
  digest(
    day: string,
    entries: readonly DigestEntry[],
  ): { readonly text: string; readonly blocks: readonly unknown[] };
  /** The incident's message posted afresh because the one before was deleted: it says so. */
  replacement(view: { readonly text: string; readonly blocks: readonly unknown[] }): {
    readonly text: string;
    readonly blocks: readonly unknown[];
  };
  /** The admins' DM about a delivery Slack refused for good, and what is done about it. */
  refusal(refused: { readonly method: string; readonly code: string; readonly channel: string }): string;
  /** The incident thread's pointer to the incident's own channel, once it is set up. */
  channelLink(channel: string, invited: number, incident: Incident): string;
  /** A fix task's message in its incident's thread: the plan, where it stands, its buttons. */
  task(
    task: FixTask,
    incident: Incident,
    now: number,
  ): { readonly text: string; readonly blocks: readonly unknown[] };
}
