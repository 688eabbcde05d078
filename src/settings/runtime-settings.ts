import { z } from 'zod';
import { expecting, integerIn, LogLevel } from './fields.js';

/** Process-level settings that only the environment sets. `dataDir` is still relative to the working directory. */
export const RuntimeSettings = z
  .object({
    PORT: integerIn(1, 65_535, 'a port number from 1 to 65535').default(3000),
    LOG_LEVEL: LogLevel.default('info'),
    REDIS_URL: z.url({ protocol: /^rediss?$/, ...expecting('a redis:// or rediss:// URL') }).exactOptional(),
    OVERSEER_DATA_DIR: z.string().default('./data'),
  })
  .transform((env) => {
    const store: StoreSettings =
      env.REDIS_URL === undefined
        ? { kind: 'embedded', dataDir: env.OVERSEER_DATA_DIR }
        : { kind: 'redis', url: env.REDIS_URL };
    return { port: env.PORT, logLevel: env.LOG_LEVEL, store };
  });
export type RuntimeSettings = z.output<typeof RuntimeSettings>;

/** Redis when REDIS_URL is set, else the embedded store on disk. */
export type StoreSettings = { kind: 'redis'; url: string } | { kind: 'embedded'; dataDir: string };
