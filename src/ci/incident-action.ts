import type { WatchTarget } from './watch-target.js';

/** The watch an incident belongs to: its ID is `<watch key>#<episode>`. */
export function watchKeyOfIncident(incidentId: string): string {
  const hash = incidentId.lastIndexOf('#');
  return hash < 0 ? incidentId : incidentId.slice(0, hash);
}

/** The watch with this key, resolving branches not known yet (right after a restart). */
export type FindTarget = (watchKeyText: string) => Promise<WatchTarget | undefined>;
