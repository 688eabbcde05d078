import { createHealth } from '../../src/core/health.js';
import type { ListenerApp } from '../../src/platform/slack/listener-router.js';
import {
  registerListeners,
  type SlackListenerDeps,
} from '../../src/platform/slack/register-slack-listeners.js';

/** One Bolt registration: `app.event('app_mention', listener)` is `{ kind: 'event', id: 'app_mention' }`. */
export interface SlackRegistration {
  readonly kind: string;
  readonly id: unknown;
  readonly listener: (args: Record<string, unknown>) => Promise<void>;
}

/** Fails a test that reaches a dependency it did not expect to. */
const unused = new Proxy(
  {},
  {
    get(_target, name) {
      throw new Error(`listener dependency ${String(name)} was not expected to be used`);
    },
  },
);

/** Dormant Overseer with nothing watched: enough for the command to answer. */
const DEPS: SlackListenerDeps = {
  chat: unused as SlackListenerDeps['chat'],
  log: unused as SlackListenerDeps['log'],
  store: unused as SlackListenerDeps['store'],
  acknowledge: async () => 'not-found',
  split: async () => 'not-found',
  rerun: async () => ({ kind: 'not-open' }),
  approveTask: async () => ({ kind: 'gone' }),
  dismissTask: async () => ({ kind: 'gone' }),
  approveMerge: async () => ({ kind: 'gone' }),
  status: async () => ({
    dormant: true,
    settings: { ok: true, settings: { selfHeal: { enabled: false, originate: false } } },
    watches: [],
    health: createHealth(0, true),
    now: 0,
  }),
  changePause: async () => ({ kind: 'not-allowed', admins: [] }),
  workingOn: async (query) => ({ kind: 'not-found', query }),
  flags: async () => ({ ok: false, cause: 'store error' }),
  changeFlag: async () => ({ kind: 'not-allowed', admins: [] }),
  episodes: async () => ({ ok: true, watches: [], now: 0 }),
  history: async () => ({ ok: true, lines: [], more: 0, now: 0, days: 30 }),
  isAdmin: async () => false,
  dormant: true,
  check: async () => 0,
  oncall: () => ({ now: { kind: 'users', ids: [] } }),
  now: () => 0,
  threadIncident: async () => undefined,
  recordReply: async () => undefined,
};

/** Every listener `registerListeners` registers, on an App that only records the calls. */
export function recordSlackListeners(): SlackRegistration[] {
  const registrations: SlackRegistration[] = [];
  const app = new Proxy(
    {},
    {
      get:
        (_target, kind) =>
        (id: unknown, ...listeners: SlackRegistration['listener'][]) => {
          const listener = listeners.at(-1);
          if (listener === undefined) throw new Error(`app.${String(kind)} was called without a listener`);
          registrations.push({ kind: String(kind), id, listener });
        },
    },
  );
  // A recording stand-in for Bolt's App: registering listeners is all that is used of it.
  registerListeners(app as ListenerApp, DEPS);
  return registrations;
}
