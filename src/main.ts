// The entry point: the only file that reads process.env. It loads and checks the settings,
// starts Overseer, and stops it gracefully on SIGTERM or SIGINT.
import { createLogger } from './adapters/log/create-logger.js';
import { NOTHING_WATCHED } from './config/config-error.js';
import { loadConfig, nodeFiles } from './config/load-config.js';
import { createOverseer } from './create-overseer.js';
import { SlackStartError } from './start-slack.js';

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

  let overseer: Awaited<ReturnType<typeof createOverseer>>;
  try {
    overseer = await createOverseer(config, log);
  } catch (error) {
    const message = error instanceof SlackStartError ? error.message : 'Overseer could not start';
    log.fatal({ err: error }, message);
    process.stderr.write(
      `${message}${error instanceof Error && message !== error.message ? `: ${error.message}` : ''}\n`,
    );
    process.exit(1);
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'Second signal: exiting at once');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'Shutting down');
    overseer.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'Shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

await main();
