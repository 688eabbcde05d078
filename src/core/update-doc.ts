import type { Store } from './ports.js';

export class ConcurrentUpdateError extends Error {
  override readonly name = 'ConcurrentUpdateError';
}

export interface Updated<T> {
  readonly value: T;
  readonly changed: boolean;
}

/**
 * Reads a document, lets `change` decide its next value (undefined: leave it), and writes it with
 * compare-and-set, starting over from a fresh read when another writer got there first.
 */
export async function updateDoc<T>(
  store: Store,
  key: string,
  initial: T,
  change: (current: T) => T | undefined | Promise<T | undefined>,
  attempts = 8,
): Promise<Updated<T>> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const stored = await store.get<T>(key);
    const current = stored?.value ?? initial;
    const next = await change(current);
    if (next === undefined) return { value: current, changed: false };
    const result = await store.put(key, next, stored?.version ?? 0);
    if (result.ok) return { value: next, changed: true };
  }
  throw new ConcurrentUpdateError(`gave up updating ${key} after ${attempts} conflicting writes`);
}
