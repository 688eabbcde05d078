import {
  type AllMiddlewareArgs,
  type AnyMiddlewareArgs,
  type App,
  type Middleware,
  MultipleListenerError,
} from '@slack/bolt';

/** The part of Bolt's App that Overseer's listeners register with: one exact ID each. */
export type ListenerApp = Pick<App, 'action' | 'command' | 'event' | 'view'>;

type Args = AnyMiddlewareArgs & AllMiddlewareArgs;
type Listener = (args: Args) => Promise<void>;

const noop = async () => {};

/**
 * The route a request takes, matched as Bolt's own listener middleware does: an action by its
 * `action_id` (onlyActions, matchConstraints), a command by its name (onlyCommands,
 * matchCommandName), an event by its type (onlyEvents, matchEventType), and a view by its
 * `callback_id`, submissions only (onlyViewActions; a view listener registered by ID matches
 * `view_submission`).
 */
function routeOf(args: Args): string | undefined {
  if ('action' in args && args.action) {
    const id = (args.action as { action_id?: unknown }).action_id;
    return typeof id === 'string' ? `action:${id}` : undefined;
  }
  if ('command' in args && args.command) return `command:${args.command.command}`;
  if ('event' in args && args.event) return `event:${args.event.type}`;
  if ('view' in args && args.body.type === 'view_submission') return `view:${args.view.callback_id}`;
  return undefined;
}

/**
 * Overseer's listeners behind one Bolt global middleware that finds them by route in a map. Bolt
 * runs every registered listener's middleware chain for every request (a copy of the arguments per
 * middleware, per listener): with a dozen listeners that was most of Bolt's cost per request. Here
 * a request reaches the listeners of its route only, called as Bolt calls a listener (its own copy
 * of the arguments with a no-op `next`; those of one route at once, one failure rethrown as is,
 * several as Bolt's MultipleListenerError), so errors still reach Bolt's error handler. Register
 * `dispatch` last, after every other global middleware.
 */
export function createListenerRouter(): {
  readonly app: ListenerApp;
  readonly dispatch: Middleware<AnyMiddlewareArgs>;
} {
  const routes = new Map<string, Listener[]>();
  const register =
    (kind: string) =>
    (id: unknown, ...listeners: unknown[]): void => {
      const [listener] = listeners;
      if (typeof id !== 'string' || listeners.length !== 1 || typeof listener !== 'function')
        throw new Error(`app.${kind}() takes one exact ID and one listener here (listener-router.ts)`);
      if (kind === 'event' && id.startsWith('message.'))
        throw new Error(
          `"${id}" is not an event type Slack sends: listen to "message" and read channel_type`,
        );
      const key = `${kind}:${id}`;
      routes.set(key, [...(routes.get(key) ?? []), listener as Listener]);
    };
  const app = {
    action: register('action'),
    command: register('command'),
    event: register('event'),
    view: register('view'),
  };

  const dispatch: Middleware<AnyMiddlewareArgs> = async (args) => {
    const route = routeOf(args);
    const listeners = route === undefined ? undefined : routes.get(route);
    if (listeners === undefined) return;
    const [only] = listeners;
    if (listeners.length === 1 && only !== undefined) return only({ ...args, next: noop });
    const settled = await Promise.allSettled(listeners.map((listener) => listener({ ...args, next: noop })));
    const failed = settled.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    if (failed.length === 1) throw failed[0];
    if (failed.length > 1) throw new MultipleListenerError(failed);
  };
  // Bolt's overloads of these four take patterns and constraints too; registering one throws here.
  return { app: app as unknown as ListenerApp, dispatch };
}
