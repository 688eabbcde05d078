import type { Oncall } from '../settings/index.js';
import type { OnCall } from './domain/oncall.js';

/** `oncall` from overseer.yml as the domain reads it: a user group, a rotation, or a fixed list. */
export function onCallOf(oncall: Oncall): OnCall {
  if (oncall.usergroup !== undefined) return { kind: 'usergroup', id: oncall.usergroup };
  if (oncall.rotation === 'none') return { kind: 'users', users: oncall.users };
  return {
    kind: 'rotation',
    users: oncall.users,
    rotation: oncall.rotation,
    start: oncall.start?.getTime() ?? 0,
  };
}
