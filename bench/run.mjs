// `npm run bench`: runs bench/ci-loop.ts with the TypeScript sources loaded directly (no extra build
// step for the fakes in test/support), against the built bot in dist/; then bench/polling-scale.ts,
// the polling plan of 10,000 watches simulated against the fake GitHub.
import { register } from 'node:module';

register('../test/support/ts-loader.mjs', import.meta.url);
await import('./ci-loop.ts');
await import('./polling-scale.ts');
