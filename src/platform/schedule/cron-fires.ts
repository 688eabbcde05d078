import cron from 'node-cron';

/**
 * The fire times of a cron expression (UTC) after the wall clock's now, from node-cron's own
 * reading of it; nothing is scheduled. Answers the next one, or undefined for an empty expression.
 */
export function nextCronFire(expression: string): number | undefined {
  if (expression === '') return undefined;
  const task = cron.createTask(expression, () => undefined, { timezone: 'Etc/UTC' });
  const [next] = task.getNextRuns(1);
  void task.destroy();
  return next?.getTime();
}
