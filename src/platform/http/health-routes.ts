import { classifyFailure } from '../../core/classify-failure.js';
import { type Health, markDependency, readiness, stalledFor } from '../../core/health.js';
import type { Clock, Log, Store } from '../../core/ports.js';
import { withDeadline } from '../../core/with-deadline.js';
import type { Routes } from './create-server.js';
import type { Metrics } from './metrics.js';
import { sendJson, sendText } from './send.js';

const STORE_PING_TIMEOUT_MS = 2_000;

function storePingTimedOut(): Error {
  const error = new Error(`store ping timed out after ${STORE_PING_TIMEOUT_MS} ms`);
  error.name = 'TimeoutError';
  return error;
}

/** GET /healthz (the process serves), /readyz (its dependencies answer) and /metrics. */
export function healthRoutes(deps: {
  readonly store: Store;
  readonly health: Health;
  readonly clock: Clock;
  readonly metrics: Metrics;
  readonly log: Log;
}): Routes {
  const { store, health, clock, metrics, log } = deps;
  return {
    'GET /healthz': (_request, response) => sendJson(response, 200, { ok: true }),
    'GET /readyz': async (_request, response) => {
      try {
        await withDeadline(store.ping(), STORE_PING_TIMEOUT_MS, storePingTimedOut);
        markDependency(health, 'store', true, clock.now());
      } catch (error) {
        const { cause, code } = classifyFailure(error);
        const was = health.dependencies.store;
        // Once when it starts failing, not on every probe.
        if (was === undefined || !was.checked || was.ok)
          log.warn({ err: error, cause, ...(code ? { code } : {}) }, 'The store does not answer');
        markDependency(health, 'store', false, clock.now(), cause);
      }
      const ready = readiness(health, clock.now());
      sendJson(response, ready.ready ? 200 : 503, ready);
    },
    'GET /metrics': async (_request, response) => {
      metrics.stalled.set(stalledFor(health, clock.now()) === undefined ? 0 : 1);
      sendText(response, 200, await metrics.registry.metrics(), metrics.registry.contentType);
    },
  };
}
