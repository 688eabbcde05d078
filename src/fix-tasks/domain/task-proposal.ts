/**
 * A fix task owed to an incident: recorded in the compare-and-set that opened (or woke) it, and
 * taken out by the write that records the task or says why none is opened. A crash or a GitHub
 * failure in between leaves it owed, so the next look proposes it again; one that cannot succeed
 * is set aside with its reason instead of being tried forever.
 */
export interface TaskProposal {
  /** Epoch ms: when the proposal became owed. */
  readonly since: number;
  /** Failed attempts so far. */
  readonly tries: number;
  /** The last failure's cause (`http 502`), in words safe to show. */
  readonly lastError?: string;
  /** Given up, and why: nothing more is tried for this incident. */
  readonly setAside?: string;
}
