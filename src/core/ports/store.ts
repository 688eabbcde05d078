/** A stored document and the version a compare-and-set must name to replace it. */
export interface Versioned<T> {
  readonly value: T;
  readonly version: number;
}

export type CasResult<T> =
  | { readonly ok: true; readonly version: number }
  | { readonly ok: false; readonly current: Versioned<T> | undefined };

export interface DueItem {
  readonly member: string;
  readonly dueAt: number;
}

/**
 * Durable state and the coordination primitives replicas share.
 *
 * Every method either does what it says or throws (a `StoreUnavailableError` when the backend
 * cannot be reached): a failure is never reported as "absent".
 */
export interface Store {
  /** The document at `key`, or undefined when there is none. */
  get<T>(key: string): Promise<Versioned<T> | undefined>;
  /**
   * Compare-and-set. Writes `value` when the stored version equals `expectedVersion`
   * (0 means "must not exist yet") and answers the new version; otherwise answers the current one.
   */
  put<T>(key: string, value: T, expectedVersion: number): Promise<CasResult<T>>;
  /** Deletes the document when its version is `expectedVersion`; false when it was not. */
  remove(key: string, expectedVersion: number): Promise<boolean>;
  /** Every document whose key starts with `prefix`, in key order. */
  list<T>(prefix: string): Promise<Array<Versioned<T> & { readonly key: string }>>;

  /**
   * Sets a marker if no live one exists; true for exactly one of any number of racing callers.
   * A marker whose key starts with `lease:` is held by a running process for work under way: a
   * store that knows every such holder is gone (the embedded store, owned by one process, when it
   * opens) drops it, so a restart after a crash does not wait for it to expire.
   */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** The live marker at `key`, or undefined when there is none or it expired. */
  getMarker(key: string): Promise<string | undefined>;
  /** Deletes the marker only while it still holds `value` (a claim's owner releasing it). */
  releaseMarker(key: string, value: string): Promise<boolean>;
  /**
   * Extends a live marker that still holds `value` to expire `ttlMs` from now (a lease's owner
   * keeping it while it works); false when the marker expired or someone else holds it.
   */
  renewMarker(key: string, value: string, ttlMs: number): Promise<boolean>;

  /** Adds `member` to `queue` due at `dueAt` (epoch ms), or moves it there if already queued. */
  schedule(queue: string, member: string, dueAt: number): Promise<void>;
  /** Removes `member` from `queue`; a no-op when it is not there. */
  unschedule(queue: string, member: string): Promise<void>;
  /**
   * Atomically takes up to `limit` members due at or before `now` and leases them for `leaseMs`
   * (their due time moves to `now + leaseMs`), so no other claimer gets them meanwhile. A claimer
   * that finishes calls `unschedule` (or `schedule` for a next step); one that dies loses the lease
   * and the member becomes due again.
   */
  claimDue(queue: string, now: number, leaseMs: number, limit: number): Promise<DueItem[]>;

  /** Throws when the backend does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  /**
   * A code `classifyFailure` knows (`STORE_DISCONNECTED`), for a backend whose own error carries
   * none: node-redis says "The client is offline" with no code at all.
   */
  readonly code: string | undefined;

  constructor(message: string, options?: ErrorOptions & { readonly code?: string }) {
    super(message, options);
    this.code = options?.code;
  }
}
