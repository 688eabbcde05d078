import type { Suspect } from '../../incidents/domain/incident.js';

/** The commits a red may be blamed on, and how many more there were. */
export interface Blame {
  readonly suspects: readonly Suspect[];
  readonly omitted: number;
}
