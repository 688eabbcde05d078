// Preloaded into the bot with NODE_OPTIONS=--import (Node 20 refuses --cpu-prof there) when
// BENCH_CPU_PROF names a directory: profiles the whole process and writes a .cpuprofile on exit,
// for Chrome DevTools or `npx speedscope`. An in-thread inspector session answers synchronously,
// so the profile is written within the 'exit' handler.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.BENCH_CPU_PROF;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.start');
  process.once('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(join(dir, `bot-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
