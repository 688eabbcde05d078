import { LogLevel, type Logger as SlackLogger } from '@slack/logger';
import type { Logger } from 'pino';

/**
 * Bolt's and the Web API's logger interface, writing to pino. Those libraries call `setLevel`
 * and `setName` on the logger they are given; both are ignored here so LOG_LEVEL alone decides.
 */
export function slackLogger(log: Logger): SlackLogger {
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...message: unknown[]) => {
      // The Web API client logs every call at debug: say nothing, and build nothing, below LOG_LEVEL.
      if (!log.isLevelEnabled(level)) return;
      const detail = message.map((part) => (part instanceof Error ? part.message : String(part))).join(' ');
      log[level]({ source: 'slack', detail }, 'Slack client');
    };
  return {
    debug: write('debug'),
    info: write('debug'),
    warn: write('warn'),
    error: write('warn'),
    setLevel: () => {},
    getLevel: () => (log.isLevelEnabled('debug') ? LogLevel.DEBUG : LogLevel.INFO),
    setName: () => {},
  };
}
