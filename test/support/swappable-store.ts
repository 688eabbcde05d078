import type { Store } from '../../src/core/ports.js';

/**
 * A store whose backend can be replaced under the code holding it: a harness's "process" restarts
 * on the same data while the use cases it wired keep their one `store`.
 */
export function swappableStore(first: Store): { readonly store: Store; swap(next: Store): void } {
  let current = first;
  const store: Store = {
    get: (key) => current.get(key),
    put: (key, value, expectedVersion) => current.put(key, value, expectedVersion),
    remove: (key, expectedVersion) => current.remove(key, expectedVersion),
    list: (prefix) => current.list(prefix),
    setIfAbsent: (key, value, ttlMs) => current.setIfAbsent(key, value, ttlMs),
    getMarker: (key) => current.getMarker(key),
    releaseMarker: (key, value) => current.releaseMarker(key, value),
    renewMarker: (key, value, ttlMs) => current.renewMarker(key, value, ttlMs),
    schedule: (queue, member, dueAt) => current.schedule(queue, member, dueAt),
    unschedule: (queue, member) => current.unschedule(queue, member),
    claimDue: (queue, now, leaseMs, limit) => current.claimDue(queue, now, leaseMs, limit),
    ping: () => current.ping(),
    close: () => current.close(),
  };
  return {
    store,
    swap(next) {
      current = next;
    },
  };
}
