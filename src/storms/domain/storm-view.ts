import type { WatchRef } from '../../core/domain/types.js';
import type { StormLead } from './storm-record.js';

/** One watch that joined a storm, as its message lists it. */
export interface StormMember {
  readonly incidentId: string;
  readonly watch: WatchRef;
  /** When this watch went red (epoch ms); `sinceUnknown` when no green was seen before. */
  readonly since: number;
  readonly sinceUnknown?: boolean;
  /** `open` while red; green again as `recovered` (or `flaky`, a re-run passed). */
  readonly status: 'open' | 'recovered' | 'flaky';
  readonly resolvedAt?: number;
  readonly runUrl: string;
  /** Its failing jobs' names (a few). */
  readonly jobs: readonly string[];
  /** Who acknowledged the storm for it, when it was acknowledged through the storm. */
  readonly acknowledgedBy?: string;
}

/** What a storm's message shows beyond its lead incident: the shared line and the other watches. */
export interface StormView {
  readonly cause: string;
  readonly line: string;
  readonly members: readonly StormMember[];
  /**
   * The storm window when this incident led its storm: a person DMed for its cause is not DMed
   * again for the same cause's storm in another channel within it.
   */
  readonly windowMs?: number;
}

/** Kept on an incident that joined another watch's storm: it posts nothing of its own. */
export interface StormJoin {
  readonly lead: StormLead;
  readonly channel: string;
  readonly cause: string;
  readonly line: string;
}

/** How many watches a storm holds (its lead included) and how many of them are still red. */
export function stormCounts(leadOpen: boolean, view: StormView): { watches: number; red: number } {
  const red = view.members.filter((member) => member.status === 'open').length + (leadOpen ? 1 : 0);
  return { watches: view.members.length + 1, red };
}

/** The view with `member` added or brought up to date; undefined when it shows that already. */
export function withStormMember(
  view: StormView | undefined,
  cause: { readonly cause: string; readonly line: string },
  member: StormMember,
): StormView | undefined {
  const base = view ?? { cause: cause.cause, line: cause.line, members: [] };
  const held = base.members.find((known) => known.incidentId === member.incidentId);
  if (held !== undefined && JSON.stringify(held) === JSON.stringify(member)) return undefined;
  const members =
    held === undefined
      ? [...base.members, member]
      : base.members.map((known) => (known.incidentId === member.incidentId ? member : known));
  return { ...base, members };
}

/** The view without the incident split off; undefined when it was not listed. */
export function withoutStormMember(view: StormView | undefined, incidentId: string): StormView | undefined {
  if (view === undefined || !view.members.some((member) => member.incidentId === incidentId))
    return undefined;
  return { ...view, members: view.members.filter((member) => member.incidentId !== incidentId) };
}
