import type { WatchRef } from '../../core/domain/types.js';
import type { EpisodeFact } from './episode-fact.js';

/** One episode of one watch, as the report reads it from the history and the watch documents. */
export interface EpisodeRecord {
  readonly watch: WatchRef;
  readonly fact: EpisodeFact;
}
