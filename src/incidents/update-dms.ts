import { doneWith, type InThread, type ItemOf, type Step } from './step.js';

/** The `dms` item: one `dm-update` in its place per escalation DM the incident sent. */
export async function performDms({ slot, item }: InThread<ItemOf<'dms'>>): Promise<Step> {
  return { ...doneWith(item), expand: (slot.dms ?? []).map((dm) => ({ kind: 'dm-update', dm }) as const) };
}

/** The `dm-update` item: one DM sent before, brought up to the incident's state. */
export async function performDmUpdate({
  deps,
  slot,
  item,
  root,
}: InThread<ItemOf<'dm-update'>>): Promise<Step> {
  await deps.pages.updateDm(deps, slot, root, item.dm);
  return doneWith(item);
}
