import type { WatchTarget } from '../ci/index.js';
import { findSlot, type OutboxItem, type WatchDoc } from '../ci/index.js';
import { performArchive } from './archive-incident-channels.js';
import type { DrainDeps } from './drain-deps.js';
import { performChannel } from './open-incident-channel.js';
import { performDigest } from './post-digest.js';
import { performRender, showIncident } from './post-root.js';
import { performSend } from './send-once.js';
import { performTask } from './show-task.js';
import { doneWith, type InThread, type ItemOf, type Performing, type Step } from './step.js';
import { performDms, performDmUpdate } from './update-dms.js';

/** Kinds carried out wherever the incident stands: they need no top message of it. */
type Anywhere = 'digest' | 'render' | 'archive';

/**
 * The performer of each kind, in the file of its work. `digest` goes to the channel's digest (a
 * quiet incident has no message), `render` posts or updates the incident's message, `archive`
 * archives its own channel.
 */
const ANYWHERE: { readonly [K in Anywhere]: (work: Performing<ItemOf<K>>) => Promise<Step> } = {
  digest: performDigest,
  render: performRender,
  archive: performArchive,
};

/** Kinds carried out in the incident's thread, or that link to it: they wait for its top message. */
const IN_THREAD: {
  readonly [K in Exclude<OutboxItem['kind'], Anywhere>]: (work: InThread<ItemOf<K>>) => Promise<Step>;
} = {
  task: performTask,
  page: performSend,
  note: performSend,
  dm: performSend,
  dms: performDms,
  'dm-update': performDmUpdate,
  channel: performChannel,
};

function isAnywhere(item: OutboxItem): item is ItemOf<Anywhere> {
  return Object.hasOwn(ANYWHERE, item.kind);
}

function isInThread(item: OutboxItem): boolean {
  return Object.hasOwn(IN_THREAD, item.kind);
}

/**
 * Carries out one item by its kind's performer. Work in the thread waits for the incident's top
 * message: when it has none yet, that is posted first and the item stays owed.
 */
export async function performItem(
  deps: DrainDeps,
  target: WatchTarget,
  doc: WatchDoc,
  item: OutboxItem,
): Promise<Step> {
  const slot = findSlot(doc, item.incidentId);
  if (slot === undefined) {
    deps.log.warn(
      { incident: item.incidentId, kind: item.kind },
      'Dropping Slack work for a forgotten incident',
    );
    return doneWith(item);
  }
  if (slot.incident.joined !== undefined && slot.message === undefined) {
    // It joined another watch's storm: the storm's message speaks for it; nothing is posted.
    return doneWith(item);
  }
  if (!isAnywhere(item) && !isInThread(item)) {
    // Written by a newer version of Overseer (a rolling upgrade): never retried in front of the rest.
    deps.log.warn(
      { incident: item.incidentId, kind: item.kind },
      'Dropping Slack work of a kind this version does not know',
    );
    return doneWith(item);
  }
  // The tables are typed kind by kind; TypeScript does not carry the kind through the index.
  if (isAnywhere(item)) {
    const perform = ANYWHERE[item.kind] as (work: Performing) => Promise<Step>;
    return perform({ deps, target, doc, slot, item });
  }
  if (slot.message === undefined) {
    const message = await showIncident(deps, target, doc, item.incidentId);
    return { done: undefined, incidentId: item.incidentId, ...(message ? { message } : {}) };
  }
  const perform = IN_THREAD[item.kind] as (work: InThread) => Promise<Step>;
  return perform({ deps, target, doc, slot, item, root: slot.message });
}
