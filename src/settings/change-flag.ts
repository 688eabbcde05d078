import { isAllowed } from '../core/authorize.js';
import type { SettingsUnreadable } from '../core/ports.js';
import { applySettingsChange, type FlagName } from './domain/settings-doc.js';
import { type AdminChangeDeps, changeSettings } from './settings.js';

export type FlagDeps = AdminChangeDeps;

export interface FlagRequest {
  readonly flag: FlagName;
  readonly value: boolean;
  /** Turning a protection off must be confirmed (`confirm` typed, or Slack's confirm dialog). */
  readonly confirmed: boolean;
}

export type FlagOutcome =
  | { readonly kind: 'changed'; readonly flag: FlagName; readonly value: boolean; readonly at: number }
  | { readonly kind: 'unchanged'; readonly flag: FlagName; readonly value: boolean }
  /** Turning a flag off was asked without confirming it: nothing changed. */
  | { readonly kind: 'needs-confirmation'; readonly flag: FlagName }
  | { readonly kind: 'not-allowed'; readonly admins: readonly string[] }
  | { readonly kind: 'failed'; readonly cause: SettingsUnreadable };

/**
 * `/overseer flags <name> <on|off>` and the Home tab's toggles: admins only, one compare-and-set
 * on the settings document, recorded in its audit list. Turning one off
 * switches a protection off, so it must be confirmed (checked after the admin check, so nobody is
 * asked to confirm what they may not do). The override is stored even when it equals
 * the configured value, so it keeps holding if the configuration changes later; a request for the
 * value already stored writes nothing. Every replica reads it at its next use (no restart).
 */
export async function changeFlag(deps: FlagDeps, userId: string, request: FlagRequest): Promise<FlagOutcome> {
  if (!(await isAllowed(deps.chat, deps.admins, userId))) return { kind: 'not-allowed', admins: deps.admins };
  const { flag, value } = request;
  if (!value && !request.confirmed) return { kind: 'needs-confirmation', flag };
  let at = 0;
  const written = await changeSettings(deps.store, (doc) => {
    if (doc.flags[flag] === value) return undefined;
    at = deps.clock.now();
    return applySettingsChange(doc, { action: 'flag', flag, value }, userId, at);
  });
  if (!written.ok) return { kind: 'failed', cause: written.cause };
  return written.changed ? { kind: 'changed', flag, value, at } : { kind: 'unchanged', flag, value };
}
