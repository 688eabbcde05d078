// `npm start`: builds dist/ when it is missing or older than the sources, then runs the bot in
// this very process. package.json runs it as `exec node scripts/start.mjs`, so the shell npm starts
// the script with is replaced by this process and the SIGTERM or SIGINT npm forwards (from systemd,
// pm2 or Ctrl-C) reaches the bot itself. Before, `build && node dist/main.js` left the bot a
// grandchild of npm: the shell got the signal and died or ignored it, and the bot kept running,
// holding the port and the data dir.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const main = join(root, 'dist', 'main.js');
const buildInfo = join(root, 'dist', '.tsbuildinfo');

/** Newest modification time (ms) of the files under `path`, or of `path` itself; 0 when absent. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

/** Built, when the build is no older than every source and compiler setting. */
function isFresh() {
  const built = Math.max(newest(main), newest(buildInfo));
  if (built === 0) return false;
  const sources = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];
  return sources.every((source) => newest(join(root, source)) <= built);
}

function typescriptCompiler() {
  try {
    return createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    return undefined;
  }
}

function build() {
  const tsc = typescriptCompiler();
  if (tsc === undefined || !existsSync(join(root, 'src'))) {
    if (existsSync(main)) {
      process.stderr.write('Cannot rebuild dist/ (no TypeScript or no src/): starting the existing build.\n');
      return;
    }
    process.stderr.write(
      'dist/ is missing and cannot be built: run `npm ci` (with dev dependencies) first.\n',
    );
    process.exit(1);
  }
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    process.stderr.write('The build failed: see the TypeScript errors above.\n');
    process.exit(result.status ?? 1);
  }
  // An incremental build with nothing to do writes nothing: mark dist/ as built now, or a touched
  // file would make every start build again.
  const now = new Date();
  if (existsSync(buildInfo)) utimesSync(buildInfo, now, now);
}

/**
 * Should something still stand between npm and this process (a shell that ignores `exec`, a
 * wrapper), npm's signal stops that only, and this process is handed to another parent; the same
 * happens when npm itself is killed. Either way `npm start` is over: stop as if signalled.
 */
function stopWhenOrphaned() {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    process.kill(process.pid, 'SIGTERM');
  }, 500);
  timer.unref();
}

if (!isFresh()) build();
if (process.env.npm_lifecycle_event === 'start') stopWhenOrphaned();
await import(pathToFileURL(main).href);
