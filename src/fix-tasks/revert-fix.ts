import type { WatchTarget } from '../ci/index.js';
import { doOnce } from '../core/do-once.js';
import type { Clock, FixForge, Log, Settings, Store } from '../core/ports.js';
import type { FixTask } from './domain/fix-task.js';
import { transition } from './domain/fix-task-transition.js';
import { remedyFailure } from './fix-remedy.js';
import { alertsFor, recordFix, withAlert } from './record-fix.js';

export interface RevertFixDeps {
  readonly store: Store;
  readonly forge: FixForge;
  readonly clock: Clock;
  readonly log: Log;
  readonly approvers: readonly string[];
  /** The pause and the opt-ins; absent, they count as unreadable (no revert). */
  readonly settings?: Settings;
}

/**
 * Why the automatic revert must wait, in words for the thread, and the alert key that says it
 * once; undefined when Overseer may act. Fails closed: settings that cannot be read hold it.
 */
async function revertHeld(deps: RevertFixDeps): Promise<{ key: string; detail: string } | undefined> {
  const read = deps.settings === undefined ? undefined : await deps.settings.read();
  if (read === undefined || !read.ok) {
    const cause = read?.ok === false ? read.cause : 'settings unreadable';
    return {
      key: `revert-held:${cause}`,
      detail: `the pause and feature flags cannot be read (${cause}), so Overseer does not revert the fix; it tries again at the next check`,
    };
  }
  if (read.settings.pause === undefined) return undefined;
  return {
    key: `revert-held:paused:${read.settings.pause.since}`,
    detail: 'Overseer is paused, so it does not revert the fix; after `/overseer resume` it will',
  };
}

/**
 * The fix made CI worse: open a pull request reverting it (people merge it, as any other), once
 * across retries and replicas. Without a revert, the task fails and says why.
 */
export async function revertFix(deps: RevertFixDeps, target: WatchTarget, task: FixTask): Promise<void> {
  const pr = task.refs.pr;
  if (pr === undefined) return;
  const held = await revertHeld(deps);
  if (held !== undefined) {
    deps.log.info({ task: task.id, held: held.key }, 'Revert of a fix that made CI worse is held');
    await recordFix(deps, target, task, (current) => {
      const note = { alert: 'held', detail: held.detail } as const;
      const { notes, alerts } = withAlert(current, held.key, note, deps.approvers);
      return notes.length === 0 ? undefined : { task: { ...current, alerts }, notes };
    });
    return;
  }
  const { repo } = target.watch;
  const once = await doOnce(
    deps.store,
    `fix-revert:${task.id}`,
    'overseer',
    { claimMs: 60_000, doneMs: 7 * 24 * 60 * 60_000 },
    async () => {
      try {
        const pull = await deps.forge.pull(repo, pr.number);
        const revert = await deps.forge.revertPull(repo, pull, {
          title: `Revert "${pull.title}"`,
          body: `Reverts ${repo}#${pull.number}: CI on \`${target.watch.branch}\` turned red at its merge.\n\nOpened by Overseer for fix task ${task.id}. Merging is for a person to decide.`,
        });
        return { type: 'reverted', pr: { number: revert.number, url: revert.url } } as const;
      } catch (error) {
        const failed = remedyFailure(deps, { ...task, strategy: 'revert' }, error);
        return failed.type === 'failed'
          ? { ...failed, reason: `the fix made CI worse, and ${failed.reason}` }
          : failed;
      }
    },
  );
  if (!once.ran) return;
  const event = once.value;
  await recordFix(deps, target, task, (current) => {
    const moved = transition(current, event, deps.clock.now());
    if (!moved.ok) return undefined;
    const { notes, alerts } = alertsFor(current, moved.task, {}, deps.approvers);
    return { task: { ...moved.task, alerts }, notes };
  });
}
