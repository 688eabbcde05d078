// `npm run bench`: runs bench/ci-loop.ts with the TypeScript sources loaded directly (no extra build
// step for the fakes in test/support), against the built bot in dist/.
import { register } from 'node:module';

register('../test/support/ts-loader.mjs', import.meta.url);
await import('./ci-loop.ts');
await import('./report.ts');
