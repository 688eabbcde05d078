import type { FlagName } from '../../../settings/domain/settings-doc.js';
import { escapeMrkdwn } from '../mrkdwn.js';

export type FlagsArgs =
  | { readonly ok: true; readonly kind: 'list' }
  | {
      readonly ok: true;
      readonly kind: 'set';
      readonly flag: FlagName;
      readonly value: boolean;
      readonly confirmed: boolean;
    }
  | { readonly ok: false; readonly error: string };

const USAGE =
  'Write `/overseer flags` to list them, or `/overseer flags &lt;enabled|originate&gt; &lt;on|off&gt;` (admins). Nothing changed.';

const NAMES: Record<string, FlagName> = {
  enabled: 'selfHeal.enabled',
  'selfheal.enabled': 'selfHeal.enabled',
  originate: 'selfHeal.originate',
  'selfheal.originate': 'selfHeal.originate',
};
const VALUES: Record<string, boolean> = { on: true, true: true, off: false, false: false };

/** `/overseer flags [name on|off [confirm]]`, with a specific answer for anything else. */
export function parseFlagsArgs(args: readonly string[]): FlagsArgs {
  const [name, value, confirm, ...rest] = args.map((arg) => arg.toLowerCase());
  if (name === undefined) return { ok: true, kind: 'list' };
  const flag = NAMES[name];
  if (flag === undefined)
    return { ok: false, error: `There is no flag \`${escapeMrkdwn(name.slice(0, 40))}\`. ${USAGE}` };
  const on = value === undefined ? undefined : VALUES[value];
  if (on === undefined)
    return { ok: false, error: `Say \`on\` or \`off\` after \`${escapeMrkdwn(name)}\`. ${USAGE}` };
  if ((confirm !== undefined && confirm !== 'confirm') || rest.length > 0)
    return {
      ok: false,
      error: `Only \`confirm\` may follow \`${escapeMrkdwn(`${name} ${value}`)}\`. ${USAGE}`,
    };
  return { ok: true, kind: 'set', flag, value: on, confirmed: confirm === 'confirm' };
}
