import { type Logger, pino } from 'pino';

/** Paths pino blanks out wherever they appear in a log line's fields. */
export const REDACTED_PATHS = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'signingSecret',
  '*.signingSecret',
  'secret',
  '*.secret',
  'privateKey',
  '*.privateKey',
  'password',
  '*.password',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  '*.headers["x-hub-signature-256"]',
  '*.headers["x-slack-signature"]',
  'request.headers.authorization',
  'err.request.headers.authorization',
  'err.response.headers.authorization',
  'err.config.headers.Authorization',
];

export interface LoggerOptions {
  readonly level: string;
  /** Pretty, human output (a terminal); JSON lines otherwise. */
  readonly pretty: boolean;
  /** Where lines go; stdout unless a test captures them. */
  readonly destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const base = {
    level: options.level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { app: 'overseer' },
  };
  if (options.pretty && options.destination === undefined) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss' } },
    });
  }
  return options.destination ? pino(base, options.destination) : pino(base);
}
