import type { SlackChannel, SlackWorkspace } from './fake-slack-state.js';

export type SlackParams = Record<string, unknown>;
export type SlackResult =
  | { ok: true; [key: string]: unknown }
  | { ok: false; error: string; [key: string]: unknown };

export interface MethodContext {
  ws: SlackWorkspace;
  origin: string;
  /** Messages to unregistered channels are accepted (the channel springs into being). */
  anyChannel: boolean;
  /** A one-time Socket Mode URL of the fake WebSocket server, when the fake Slack runs one. */
  socketUrl?: () => string;
}

export type SlackMethod = (params: SlackParams, ctx: MethodContext) => SlackResult;

export const fail = (error: string): SlackResult => ({ ok: false, error });

export function str(params: SlackParams, key: string): string | undefined {
  const value = params[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function bool(params: SlackParams, key: string): boolean {
  const value = params[key];
  return value === true || value === 'true' || value === '1' || value === 1;
}

/** A channel ID, or a user ID (Slack then posts to the bot's DM with that user). */
export function resolveChannel(ctx: MethodContext, id: string | undefined): SlackChannel | undefined {
  if (id === undefined) return undefined;
  const known = ctx.ws.channels.get(id);
  if (known) return known;
  if (/^[UW]/.test(id) && ctx.ws.users.has(id)) return ctx.ws.imWith(id).channel;
  if (ctx.anyChannel && /^[CDG]/.test(id)) return ctx.ws.addChannel(id);
  return undefined;
}
