// Child process for the embedded store's crash test: writes documents as fast as it can and prints
// each write's version only after its put resolved, until the parent kills it with SIGKILL.
// Usage: node test/support/store-writer.mjs <dataDir>
import { register } from 'node:module';

register('./ts-loader.mjs', import.meta.url);
const { createEmbeddedStore } = await import('../../src/platform/store/embedded-store.ts');

const store = await createEmbeddedStore({ dataDir: process.argv[2] });
let counter = 0;
for (let i = 1; ; i++) {
  const item = await store.put(`item:${i}`, { i }, 0);
  if (!item.ok) throw new Error(`item:${i} already existed`);
  process.stdout.write(`item:${i} ${item.version}\n`);
  const next = await store.put('counter', i, counter);
  if (!next.ok) throw new Error('counter moved under the only writer');
  counter = next.version;
  process.stdout.write(`counter ${counter}\n`);
}
