import type { Settings } from '../core/ports.js';
import { changeFlag, type FlagRequest } from './change-flag.js';
import { changePause, type PauseRequest } from './change-pause.js';
import type { AdminChangeDeps } from './settings.js';

/**
 * What admins change at run time, wired (`/overseer pause`, `resume`, `flags`, the Home tab
 * toggles), and whether checks run now: `selfHeal.enabled` turned off from Slack stops every
 * replica's checks at its next cycle. A settings read that fails keeps checking: alerts fail
 * open (only autonomous actions fail closed).
 */
export function createSettingChanges(deps: AdminChangeDeps & { readonly settings: Settings }) {
  return {
    changePause: (userId: string, request: PauseRequest) => changePause(deps, userId, request),
    changeFlag: (userId: string, request: FlagRequest) => changeFlag(deps, userId, request),
    checksEnabled: async () => {
      const read = await deps.settings.read();
      return !read.ok || read.settings.selfHeal.enabled;
    },
  };
}
