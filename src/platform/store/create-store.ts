import type { Logger } from 'pino';
import type { Store } from '../../core/ports.js';
import { createEmbeddedStore } from './embedded-store.js';
import { createRedisStore } from './redis-store.js';

export type StoreConfig =
  | { readonly kind: 'redis'; readonly url: string }
  | { readonly kind: 'embedded'; readonly dataDir: string };

/** The store the configuration names: Redis for several replicas, embedded SQLite for one process. */
export function createStore(config: StoreConfig, logger?: Logger): Promise<Store> {
  const log = logger ? { logger } : {};
  switch (config.kind) {
    case 'redis':
      return createRedisStore({ url: config.url, ...log });
    case 'embedded':
      return createEmbeddedStore({ dataDir: config.dataDir, ...log });
  }
}
