import { isAllowed } from '../core/authorize.js';
import type { SettingsUnreadable } from '../core/ports.js';
import { applySettingsChange, isPaused, type Pause } from './domain/settings-doc.js';
import { type AdminChangeDeps, changeSettings } from './settings.js';

export type PauseDeps = AdminChangeDeps;

export type PauseRequest =
  | { readonly kind: 'pause'; readonly durationMs: number; readonly reason: string }
  | { readonly kind: 'resume' };

export type PauseOutcome =
  | { readonly kind: 'paused'; readonly pause: Pause; readonly replaced?: Pause }
  | { readonly kind: 'resumed'; readonly lifted: Pause }
  | { readonly kind: 'not-paused' }
  | { readonly kind: 'not-allowed'; readonly admins: readonly string[] }
  | { readonly kind: 'failed'; readonly cause: SettingsUnreadable };

/**
 * `/overseer pause` and `/overseer resume`: admins only, one compare-and-set on the settings
 * document, recorded in its audit list. A pause replaces one in force; resuming when nothing is
 * in force changes nothing.
 */
export async function changePause(
  deps: PauseDeps,
  userId: string,
  request: PauseRequest,
): Promise<PauseOutcome> {
  if (!(await isAllowed(deps.chat, deps.admins, userId))) return { kind: 'not-allowed', admins: deps.admins };
  let before: Pause | undefined;
  let after: Pause | undefined;
  const written = await changeSettings(deps.store, (doc) => {
    const now = deps.clock.now();
    before = isPaused(doc.pause, now) ? doc.pause : undefined;
    if (request.kind === 'resume') {
      return before === undefined ? undefined : applySettingsChange(doc, { action: 'resume' }, userId, now);
    }
    const next = applySettingsChange(
      doc,
      { action: 'pause', until: now + request.durationMs, reason: request.reason },
      userId,
      now,
    );
    after = next.pause;
    return next;
  });
  if (!written.ok) return { kind: 'failed', cause: written.cause };
  if (after !== undefined) return { kind: 'paused', pause: after, ...(before ? { replaced: before } : {}) };
  return before === undefined ? { kind: 'not-paused' } : { kind: 'resumed', lifted: before };
}
