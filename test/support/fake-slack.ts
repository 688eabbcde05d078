import { createFakeFiles, type SlackFile } from './fake-slack-files.js';
import type { MethodContext, SlackMethod, SlackParams } from './fake-slack-params.js';
import { slackReadMethods } from './fake-slack-read-methods.js';
import {
  BOT_USER_ID,
  type Ephemeral,
  type SlackMessage,
  type SlackUser,
  SlackWorkspace,
  TEAM_ID,
} from './fake-slack-state.js';
import { createViewsOpen, type OpenedView, type SlackTrigger } from './fake-slack-views.js';
import { slackWriteMethods } from './fake-slack-write-methods.js';
import { type FakeSocketMode, type FakeSocketModeOptions, startFakeSocketMode } from './fake-socket-mode.js';
import {
  type FakeRequest,
  type FakeResponse,
  jsonBody,
  pollUntil,
  startHttpFake,
} from './http-fake-server.js';
import { createRequestHolds, type RequestHold } from './request-hold.js';

export type { Ephemeral, SlackMessage, SlackUser } from './fake-slack-state.js';
export { BOT_ID, BOT_USER_ID, TEAM_ID } from './fake-slack-state.js';
export type { OpenedView } from './fake-slack-views.js';
export type { RequestHold } from './request-hold.js';

export interface FakeSlackOptions {
  /** Accept posts to any C/D/G channel ID without `addChannel` first. */
  anyChannel?: boolean;
  /** When set, any other bot token is answered `invalid_auth`. */
  botToken?: string;
  /** When set, any other `xapp-` token is answered `invalid_auth` by apps.connections.open. */
  appToken?: string;
  /** Seconds part of the first message ts, as on Slack the epoch time; defaults to now. */
  tsBase?: number;
  /** A test clock: message ts follow it once it passes `tsBase` (Slack's ts is the post time). */
  now?: () => number;
  /** Runs a fake Socket Mode server that apps.connections.open sends clients to (`socketMode`). */
  socketMode?: boolean | FakeSocketModeOptions;
}

/** HTTP 429 with Retry-After, an HTTP 500, or HTTP 200 `{ ok: false, error }`. */
export type SlackFailure = { rateLimited: number } | { status: number } | { error: string };

export interface SlackCall {
  method: string;
  params: SlackParams;
  time: number;
  token: string | undefined;
  /** HTTP status the fake answered with. */
  status: number;
  ok: boolean;
  error?: string;
}

export interface CreatedChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  isArchived: boolean;
  /** Members other than the bot. */
  members: string[];
  /** Timestamps of pinned messages. */
  pins: string[];
}

export interface SlackResponseUrlPost {
  url: string;
  body: Record<string, unknown>;
  time: number;
}

export interface FakeSlack {
  /** `http://127.0.0.1:PORT/api/`: the value for `slackApiUrl` / `SLACK_API_URL`. */
  url: string;
  close(): Promise<void>;
  addUser(user: SlackUser): void;
  addChannel(id: string, opts?: { name?: string; isPrivate?: boolean; members?: string[] }): void;
  addUsergroup(id: string, userIds: string[]): void;
  /** A message from a person (not the bot); returns its ts. Pass `thread_ts` to reply in a thread. */
  addMessage(channel: string, message: { user: string; text: string; thread_ts?: string }): string;
  /** A person archives a channel: posts and updates there get `is_archived`. */
  archiveChannel(channel: string): void;
  /** A person deletes a message (as from the Slack client): later calls naming it get `message_not_found`. */
  deleteMessage(channel: string, ts: string): void;
  readonly calls: readonly SlackCall[];
  callsTo(method: string): SlackCall[];
  /** Top-level messages of a channel (or of the DM with a user ID), oldest first, as they are now. */
  messages(channel: string): SlackMessage[];
  /** The parent and replies of a thread, oldest first; empty when there is no such message. */
  thread(channel: string, ts: string): SlackMessage[];
  ephemerals(channel?: string): Ephemeral[];
  homeView(userId: string): Record<string, unknown> | undefined;
  members(channel: string): string[];
  /** Channels the Web API created (conversations.create), oldest first, as they are now. */
  createdChannels(): CreatedChannel[];
  /** The next `times` calls of `method` (only those whose params `when` accepts, when given) fail. */
  failNext(
    method: string,
    failure: SlackFailure,
    times?: number,
    when?: (params: SlackParams) => boolean,
  ): void;
  /** Slack is back: failures queued with failNext and not yet used are dropped. */
  clearFailures(): void;
  /**
   * A slow Slack: calls of `methods` (only those whose params `when` accepts, when given) get no
   * answer until the hold is released; then each is answered as usual (or fails, per failNext).
   */
  hold(methods: string | readonly string[], when?: (params: SlackParams) => boolean): RequestHold<SlackCall>;
  waitFor<T>(predicate: (slack: FakeSlack) => T | undefined | false | null, timeoutMs?: number): Promise<T>;
  /** Any call to a method outside `methods` is recorded in `unexpected` and answered `unknown_method`. */
  expectOnly(methods: string[]): void;
  /** Calls outside `expectOnly`, and calls to methods this fake does not implement. */
  readonly unexpected: readonly SlackCall[];
  assertNoUnexpected(): void;
  /** A fresh `response_url` for a slash command or interaction payload; posts to it land in `responses`. */
  responseUrl(): string;
  readonly responses: readonly SlackResponseUrlPost[];
  /** The fake Socket Mode server; only when started with the `socketMode` option. */
  readonly socketMode: FakeSocketMode;
  /**
   * A trigger_id as Slack mints one for an interaction of `user` (put it in the payload): usable
   * once, within 3 s of `issuedAt` (default now), for views.open.
   */
  issueTrigger(user: string, options?: { issuedAt?: number }): string;
  /** The modals views.open opened, oldest first, as Slack answered with them. */
  openedViews(): OpenedView[];
  /** Files announced with files.getUploadURLExternal, with their bytes once uploaded and where shared. */
  files(): SlackFile[];
}

const baseMethods = { ...slackWriteMethods, ...slackReadMethods };
/** Arguments WebClient JSON-encodes inside a form body. */
const JSON_FIELDS = new Set([
  'blocks',
  'attachments',
  'metadata',
  'view',
  'unfurls',
  'user_auth_blocks',
  'files',
]);

export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const ws = new SlackWorkspace(opts.tsBase ?? Math.floor(Date.now() / 1000), opts.now);
  const socket =
    opts.socketMode === undefined || opts.socketMode === false
      ? undefined
      : await startFakeSocketMode(opts.socketMode === true ? {} : opts.socketMode);
  const calls: SlackCall[] = [];
  const unexpected: SlackCall[] = [];
  const responses: SlackResponseUrlPost[] = [];
  const failures: FailureEntry[] = [];
  const triggers = new Map<string, SlackTrigger>();
  const opened: OpenedView[] = [];
  const fakeFiles = createFakeFiles();
  const methods: Record<string, SlackMethod> = {
    ...baseMethods,
    ...fakeFiles.methods,
    'views.open': createViewsOpen(triggers, opened, Date.now),
  };
  let allowed: Set<string> | undefined;
  let responseUrls = 0;
  let triggerCount = 0;
  let origin = '';

  const answer = (call: SlackCall, response: FakeResponse): FakeResponse => {
    call.status = response.status;
    const body = response.body as { ok?: unknown; error?: unknown } | undefined;
    call.ok = response.status === 200 && body?.ok === true;
    if (typeof body?.error === 'string') call.error = body.error;
    return response;
  };

  const holds = createRequestHolds<SlackCall>();

  const handleApi = async (req: FakeRequest): Promise<FakeResponse> => {
    const method = req.params.method ?? '';
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const call: SlackCall = {
      method,
      params: decodeParams(req),
      time: Date.now(),
      token,
      status: 0,
      ok: false,
    };
    calls.push(call);
    const implemented = Object.hasOwn(methods, method);
    if (!implemented || (allowed && !allowed.has(method))) {
      unexpected.push(call);
      return answer(call, { status: 200, body: { ok: false, error: 'unknown_method', req_method: method } });
    }
    await holds.gate(call);
    const failure = takeFailure(failures, method, call.params);
    if (failure) return answer(call, failureResponse(failure));
    const authError = checkToken(method, token, opts);
    if (authError) return answer(call, { status: 200, body: { ok: false, error: authError } });
    const ctx: MethodContext = {
      ws,
      origin,
      anyChannel: opts.anyChannel ?? false,
      ...(socket ? { socketUrl: socket.issueUrl } : {}),
    };
    const result = methods[method]?.(call.params, ctx) ?? { ok: false, error: 'unknown_method' };
    return answer(call, { status: 200, body: result });
  };

  const server = await startHttpFake((raw) => {
    const req: FakeRequest = { ...raw, params: {} };
    const api = /^\/api\/([\w.]+)$/.exec(raw.path);
    if (api?.[1]) return handleApi({ ...req, params: { method: api[1] } });
    const upload = /^\/upload\/(\w+)$/.exec(raw.path);
    if (upload?.[1]) return fakeFiles.receive(req, upload[1]);
    if (raw.method === 'POST' && raw.path.startsWith('/response/')) {
      responses.push({ url: `${origin}${raw.path}`, body: jsonBody(raw.rawBody), time: Date.now() });
      return { status: 200, body: { ok: true } };
    }
    return { status: 404, body: { ok: false, error: 'unknown_method' } };
  });
  origin = server.origin;

  const channelFor = (id: string) =>
    ws.channels.get(id) ?? [...ws.channels.values()].find((c) => c.isIm && c.user === id);

  const fake: FakeSlack = {
    url: `${origin}/api/`,
    close: async () => {
      holds.releaseAll();
      await Promise.all([server.close(), socket?.close()]);
    },
    addUser: (user) => void ws.users.set(user.id, user),
    addChannel: (id, channelOpts = {}) => {
      const channel = ws.addChannel(id, channelOpts.name, channelOpts.isPrivate);
      for (const member of channelOpts.members ?? []) channel.members.add(member);
    },
    addUsergroup: (id, userIds) => void ws.usergroups.set(id, [...userIds]),
    addMessage: (channelId, message) => {
      const channel = channelFor(channelId) ?? ws.addChannel(channelId);
      const ts = ws.nextTs();
      ws.post(channel, { type: 'message', ts, team: TEAM_ID, ...message });
      return ts;
    },
    archiveChannel: (channelId) => {
      const channel = channelFor(channelId);
      if (channel) channel.isArchived = true;
    },
    deleteMessage: (channelId, ts) => {
      const channel = channelFor(channelId);
      if (channel) channel.messages = channel.messages.filter((message) => message.ts !== ts);
    },
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    messages: (channelId) => {
      const channel = channelFor(channelId);
      return channel ? structuredClone(ws.topLevel(channel)) : [];
    },
    thread: (channelId, ts) => {
      const channel = channelFor(channelId);
      return structuredClone((channel && ws.thread(channel, ts)) ?? []);
    },
    ephemerals: (channel) =>
      structuredClone(ws.ephemerals.filter((e) => channel === undefined || e.channel === channel)),
    homeView: (userId) => structuredClone(ws.homeViews.get(userId)),
    members: (channelId) => [...(channelFor(channelId)?.members ?? [])].filter((m) => m !== BOT_USER_ID),
    createdChannels: () =>
      calls
        .filter((call) => call.method === 'conversations.create' && call.ok)
        .flatMap((call) => {
          const channel = [...ws.channels.values()].find((c) => c.name === call.params.name);
          if (channel === undefined) return [];
          return [
            {
              id: channel.id,
              name: channel.name,
              isPrivate: channel.isPrivate,
              isArchived: channel.isArchived ?? false,
              members: [...channel.members].filter((m) => m !== BOT_USER_ID),
              pins: [...(channel.pins ?? [])],
            },
          ];
        }),
    failNext: (method, failure, times = 1, when) =>
      void failures.push({ method, failure, remaining: times, ...(when ? { when } : {}) }),
    clearFailures: () => void failures.splice(0),
    hold: (methods, when) => {
      const names = new Set(typeof methods === 'string' ? [methods] : methods);
      return holds.add((call) => names.has(call.method) && (when?.(call.params) ?? true));
    },
    waitFor: (predicate, timeoutMs = 10_000) =>
      pollUntil(
        () => predicate(fake),
        timeoutMs,
        () => `Slack calls so far: ${calls.map((c) => c.method).join(', ') || 'none'}`,
      ),
    expectOnly: (list) => {
      allowed = new Set(list);
    },
    unexpected,
    assertNoUnexpected: () => {
      if (unexpected.length === 0) return;
      const list = unexpected.map((c) => `${c.method} ${JSON.stringify(c.params)}`).join('\n  ');
      throw new Error(`fake Slack received unexpected calls:\n  ${list}`);
    },
    responseUrl: () => {
      responseUrls += 1;
      return `${origin}/response/${responseUrls}`;
    },
    responses,
    get socketMode() {
      if (socket === undefined) throw new Error('start the fake Slack with { socketMode: true } first');
      return socket;
    },
    issueTrigger: (user, options = {}) => {
      triggerCount += 1;
      const id = `${Math.floor(Date.now() / 1000)}.${triggerCount}.fake${String(triggerCount).padStart(6, '0')}`;
      triggers.set(id, { user, issuedAt: options.issuedAt ?? Date.now(), used: false });
      return id;
    },
    openedViews: () => structuredClone(opened),
    files: () => fakeFiles.list(),
  };
  return fake;
}

function decodeParams(req: FakeRequest): SlackParams {
  const params: SlackParams = Object.fromEntries(req.query);
  const contentType = req.headers['content-type'] ?? '';
  if (contentType.includes('application/json')) return { ...params, ...jsonBody(req.rawBody) };
  for (const [key, value] of new URLSearchParams(req.rawBody)) {
    params[key] = JSON_FIELDS.has(key) && /^\s*[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return params;
}

interface FailureEntry {
  method: string;
  failure: SlackFailure;
  remaining: number;
  when?: (params: SlackParams) => boolean;
}

function takeFailure(
  failures: FailureEntry[],
  method: string,
  params: SlackParams,
): SlackFailure | undefined {
  const entry = failures.find((f) => f.method === method && f.remaining > 0 && (f.when?.(params) ?? true));
  if (!entry) return undefined;
  entry.remaining -= 1;
  return entry.failure;
}

function failureResponse(failure: SlackFailure): FakeResponse {
  if ('rateLimited' in failure) {
    return {
      status: 429,
      headers: { 'retry-after': String(failure.rateLimited) },
      body: { ok: false, error: 'ratelimited' },
    };
  }
  if ('status' in failure) return { status: failure.status, body: 'Internal Server Error' };
  return { status: 200, body: { ok: false, error: failure.error } };
}

/** Slack's token rules: a bot or user token for the Web API, an app-level token for Socket Mode. */
function checkToken(method: string, token: string | undefined, opts: FakeSlackOptions): string | undefined {
  if (!token) return 'not_authed';
  if (method === 'apps.connections.open') {
    if (!token.startsWith('xapp-')) return 'not_allowed_token_type';
    return opts.appToken !== undefined && token !== opts.appToken ? 'invalid_auth' : undefined;
  }
  if (token.startsWith('xapp-')) return 'not_allowed_token_type';
  if (!token.startsWith('xoxb-') && !token.startsWith('xoxp-')) return 'invalid_auth';
  return opts.botToken !== undefined && token !== opts.botToken ? 'invalid_auth' : undefined;
}
