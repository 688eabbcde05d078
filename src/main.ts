// The entry point: the only file that reads process.env. It loads and checks the settings,
// starts Overseer, and stops it gracefully on SIGTERM or SIGINT.

import { createOverseer } from './create-overseer.js';
import { createLogger } from './platform/log/create-logger.js';
import { SlackStartError } from './platform/slack/start-slack.js';
import { NOTHING_WATCHED } from './settings/config-error.js';
import { loadConfig, nodeFiles } from './settings/load-config.js';

/** A stop signal this soon after the first is the same request delivered twice. */
const DUPLICATE_SIGNAL_MS = 2_000;

/** How long a signal during start-up waits for start-up to finish before the process exits. */
const START_STOP_GRACE_MS = 5_000;

async function main(): Promise<void> {
  const loaded = loadConfig(process.env, nodeFiles(process.cwd()));
  if (!loaded.ok) {
    process.stderr.write(`${loaded.error.message}\n`);
    process.exit(1);
  }
  const { config } = loaded;
  const log = createLogger({ level: config.logLevel, pretty: process.stdout.isTTY === true });
  // "Nothing is watched" is reported by Overseer itself at start, where it knows whether it is dormant.
  for (const warning of loaded.warnings.filter((text) => text !== NOTHING_WATCHED)) {
    log.warn({ warning }, 'Configuration warning');
  }

  process.on('unhandledRejection', (reason) => {
    log.error({ err: reason }, 'Unhandled promise rejection');
  });

  /** One message for a person, on stderr and in the log: a refused token names its variable. */
  const reportFatal = (error: unknown) => {
    const message = error instanceof SlackStartError ? error.message : 'Overseer could not start';
    log.fatal({ err: error }, message);
    process.stderr.write(
      `${message}${error instanceof Error && message !== error.message ? `: ${error.message}` : ''}\n`,
    );
  };

  // A signal during start-up is kept and acted on once Overseer is up, so the store and the port
  // are released cleanly. Start-up may be waiting on an unreachable Slack: it gets the shutdown
  // grace period, then the process exits anyway (the data-dir lock of a dead process is taken
  // over by the next start). A second signal insists.
  let signalledEarly: NodeJS.Signals | undefined;
  const duringStart = (signal: NodeJS.Signals) => {
    if (signalledEarly !== undefined) {
      log.warn({ signal }, 'Second signal during start-up: exiting at once');
      process.exit(1);
    }
    signalledEarly = signal;
    log.info({ signal }, 'Signal during start-up: stopping once started');
    setTimeout(() => {
      log.warn({ signal }, 'Start-up outlasted the grace period after a signal: exiting');
      process.exit(0);
    }, START_STOP_GRACE_MS).unref();
  };
  process.on('SIGTERM', duringStart);
  process.on('SIGINT', duringStart);

  let overseer: Awaited<ReturnType<typeof createOverseer>>;
  try {
    overseer = await createOverseer(config, log);
  } catch (error) {
    reportFatal(error);
    process.exit(1);
  }
  process.off('SIGTERM', duringStart);
  process.off('SIGINT', duringStart);

  let stoppingSince: number | undefined;
  const shutDown = (reason: string, code: number) => {
    stoppingSince = Date.now();
    log.info({ signal: reason }, 'Shutting down');
    overseer.stop().then(
      () => process.exit(code),
      (error: unknown) => {
        log.error({ err: error }, 'Shutdown failed');
        process.exit(1);
      },
    );
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stoppingSince === undefined) return shutDown(signal, 0);
    // Ctrl-C reaches both `npm start` and the bot, and npm forwards it too; systemd signals the whole
    // control group; scripts/start.mjs sends SIGTERM when npm went away: the same request arrives
    // twice at once. A signal sent again later insists.
    if (Date.now() - stoppingSince < DUPLICATE_SIGNAL_MS) return;
    log.warn({ signal }, 'Second signal: exiting at once');
    process.exit(1);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  if (signalledEarly !== undefined) shutDown(signalledEarly, 0);
  void overseer.failed.then((error) => {
    if (stoppingSince !== undefined) return;
    reportFatal(error);
    shutDown('fatal', 1);
  });
}

await main();
