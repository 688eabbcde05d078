import type { WatchRef } from '../../core/domain/types.js';
import type { EventKind } from '../../escalation/domain/decision-rule.js';

/** One line of a channel's daily digest: an event a decision queued instead of posting it. */
export interface DigestEntry {
  readonly event: EventKind;
  readonly watch: WatchRef;
  readonly incidentId: string;
  /** The commit it concerns, and its run, when there is one. */
  readonly sha?: string;
  readonly runUrl?: string;
  /** Names of the jobs concerned (flaked, failing); text from GitHub, escaped when shown. */
  readonly jobs?: readonly string[];
  /** Epoch ms. */
  readonly at: number;
  /**
   * A link to the incident's own message when it was posted (the event was told there, in place):
   * the digest line points at it rather than telling it as news.
   */
  readonly messageUrl?: string;
}

/** A channel's digest of one day (UTC): its entries, and its message once posted. */
export interface DigestDoc {
  readonly entries: ReadonlyArray<DigestEntry & { readonly key: string }>;
  readonly message?: { readonly channel: string; readonly ts: string };
}

export const EMPTY_DIGEST: DigestDoc = { entries: [] };

/** Entries one digest keeps; past that the oldest are let go. */
export const MAX_DIGEST_ENTRIES = 100;

/** `2025-06-02`: the UTC day a digest collects, so every replica names it alike. */
export function digestDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

export function digestKey(channel: string, day: string): string {
  return `digest:${channel}:${day}`;
}

/** The digest with the entry added under `key`; the same digest when that key is in it already. */
export function addToDigest(doc: DigestDoc, key: string, entry: DigestEntry): DigestDoc {
  if (doc.entries.some((held) => held.key === key)) return doc;
  return { ...doc, entries: [...doc.entries, { ...entry, key }].slice(-MAX_DIGEST_ENTRIES) };
}
