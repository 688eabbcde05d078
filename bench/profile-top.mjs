// Where the CPU went in one measured round of bench/ack-latency.ts: reads the bot's .cpuprofile and
// the rounds.json that BENCH_CPU_PROF=<dir> writes beside it, and prints the frames with the most
// self time (and, with --total, the most inclusive time) within the round named, as a share of
// the samples that were not idle.
//   node bench/profile-top.mjs <dir> "help warm" [count] [--total]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, roundName = 'help warm', countArg = '25', ...flags] = process.argv.slice(2);
if (!dir) throw new Error('usage: node bench/profile-top.mjs <dir> "<round>" [count] [--total]');
const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
if (!file) throw new Error(`no .cpuprofile in ${dir}`);
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
const span = JSON.parse(readFileSync(join(dir, 'rounds.json'), 'utf8')).find((r) => r.name === roundName);
if (!span) throw new Error(`no round "${roundName}" in rounds.json`);

const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const label = (node) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url
    ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/')}:${lineNumber + 1}`
    : '';
  return `${functionName || '(anonymous)'} ${where}`.trim();
};

const self = new Map();
const total = new Map();
let busy = 0;
let time = profile.startTime;
for (let i = 0; i < profile.samples.length; i++) {
  time += profile.timeDeltas[i];
  if (time < span.start || time > span.end) continue;
  const node = nodes.get(profile.samples[i]);
  if (node.callFrame.functionName === '(idle)') continue;
  busy++;
  const name = label(node);
  self.set(name, (self.get(name) ?? 0) + 1);
  const seen = new Set();
  for (let id = node.id; id !== undefined; id = parent.get(id)) {
    const frame = label(nodes.get(id));
    if (seen.has(frame)) continue;
    seen.add(frame);
    total.set(frame, (total.get(frame) ?? 0) + 1);
  }
}
const print = (title, counts) => {
  console.log(`${title} (${busy} busy samples in "${roundName}")`);
  const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, Number(countArg));
  for (const [name, n] of top) console.log(`  ${((100 * n) / busy).toFixed(1).padStart(5)}%  ${name}`);
};
print('self', self);
if (flags.includes('--total')) print('total', total);
