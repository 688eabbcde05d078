import type { WatchRef } from '../../core/domain/types.js';
import type { StormCause } from './storm-cause.js';
import { type StormLead, type StormRecord, stormKey } from './storm-record.js';

/** A red that opens an incident, as the storm rules see it. */
export interface StormRed extends StormCause {
  readonly channel: string;
  readonly key: string;
  readonly watch: WatchRef;
  readonly incidentId: string;
}

/**
 * `lead`: the red posts its own message and may be joined; `join`: it joins `lead`'s message
 * and posts nothing; `alone`: its own incident, outside any storm (another storm's lead stays).
 */
export type StormChoice =
  | { readonly kind: 'lead' }
  | { readonly kind: 'join'; readonly lead: StormLead; readonly line: string }
  | { readonly kind: 'alone'; readonly reason: 'split' | 'same-watch' | 'other-cause' };

export interface JoinOutcome {
  readonly choice: StormChoice;
  /** The record to store; undefined when it stays as it is. */
  readonly record?: StormRecord;
}

/** A storm takes new members while its last red is within the window. */
export function stormOpen(record: StormRecord, now: number, windowMs: number): boolean {
  return now - record.lastRedAt <= windowMs;
}

function leadOf(red: StormRed, now: number): StormRecord {
  return {
    channel: red.channel,
    cause: red.cause,
    line: red.line,
    lead: { key: red.key, watch: red.watch, incidentId: red.incidentId },
    leadFingerprint: red.fingerprint,
    joined: [],
    lastRedAt: now,
    splits: [],
  };
}

/**
 * The grouping rule, pure: a red whose cause matches the storm of its channel and cause, within
 * the window of the storm's last red, joins it; otherwise it leads a new storm (its message is
 * posted at once, as any incident's). Asked again for the same incident (a retry, a restart), it
 * answers the same and changes nothing. A split is remembered for the fingerprint pair (the lead's
 * and the split red's job + line): a red with that pair stays alone for the rest of the window.
 */
export function joinStorm(
  record: StormRecord | undefined,
  red: StormRed,
  now: number,
  windowMs: number,
): JoinOutcome {
  if (record !== undefined && stormKey(record.channel, record.cause) !== stormKey(red.channel, red.cause)) {
    return { choice: { kind: 'alone', reason: 'other-cause' } };
  }
  if (record?.lead.incidentId === red.incidentId) return { choice: { kind: 'lead' } };
  if (record?.joined.includes(red.incidentId)) {
    return { choice: { kind: 'join', lead: record.lead, line: record.line } };
  }
  if (record === undefined || !stormOpen(record, now, windowMs)) {
    return { choice: { kind: 'lead' }, record: leadOf(red, now) };
  }
  // The same watch red again (a new episode) while its own storm is open: an incident of its own.
  if (record.lead.key === red.key) return { choice: { kind: 'alone', reason: 'same-watch' } };
  const pair = (split: StormRecord['splits'][number]) =>
    split.pair[0] === record.leadFingerprint && split.pair[1] === red.fingerprint;
  if (record.splits.some((split) => pair(split) && split.until >= now)) {
    return { choice: { kind: 'alone', reason: 'split' } };
  }
  return {
    choice: { kind: 'join', lead: record.lead, line: record.line },
    record: {
      ...record,
      joined: [...record.joined, red.incidentId],
      lastRedAt: Math.max(record.lastRedAt, now),
    },
  };
}

/**
 * The record once a person split `key` off (**Not the same cause**): it leaves the storm, and its
 * fingerprint pair with the lead is remembered for the rest of the window. Undefined when nothing
 * changes (not a member, or already split).
 */
export function splitFromStorm(
  record: StormRecord,
  split: { readonly key: string; readonly incidentId: string; readonly fingerprint: string },
  windowMs: number,
): StormRecord | undefined {
  if (!record.joined.includes(split.incidentId)) return undefined;
  return {
    ...record,
    joined: record.joined.filter((id) => id !== split.incidentId),
    splits: [
      ...record.splits.filter((held) => held.key !== split.key),
      {
        key: split.key,
        pair: [record.leadFingerprint, split.fingerprint],
        until: record.lastRedAt + windowMs,
      },
    ],
  };
}
