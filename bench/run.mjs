// `npm run bench`: runs the benches with the TypeScript sources loaded directly (no extra build
// step for the fakes in test/support), against the built bot in dist/: Slack ack latency and store
// transitions (their rows printed at the end), the CI loop, the report, and the polling plan of
// 10,000 watches simulated against the fake GitHub (each prints its own rows).
import { register } from 'node:module';
import { cpus, loadavg } from 'node:os';

register('../test/support/ts-loader.mjs', import.meta.url);
// The latency-sensitive part first, on a machine the CI loop has not warmed up or filled.
const { ackLatency } = await import('./ack-latency.ts');
const { storeTransitions } = await import('./store-transitions.ts');
const rows = [...(await ackLatency()), ...(await storeTransitions())];
// Latency on a shared machine follows its load; CPU per request (in the rows) does not.
const load = loadavg()[0]?.toFixed(1);
await import('./ci-loop.ts');
await import('./report.ts');
await import('./polling-scale.ts');
const width = Math.max(...rows.map(([name]) => name.length));
console.log(
  `\nOverseer Slack and store benchmark (Node ${process.version}, ${cpus().length} CPUs, load average ${load} after the ack runs)`,
);
for (const [name, value] of rows) console.log(`  ${name.padEnd(width)}  ${value}`);
