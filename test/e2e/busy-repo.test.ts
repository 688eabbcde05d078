import { describe, expect, it } from 'vitest';
import { deliverWorkflowRun } from '../support/deliver-webhook.js';
import { ALICE, BOB, CHANNEL, perTestWorld, REPO, sleep, visibleText } from '../support/scenario.js';

const YEARLY = '0 0 1 1 *';
const RED_JOBS = [
  { name: 'lint', conclusion: 'success', steps: [{ name: 'Run lint', conclusion: 'success' }] },
  { name: 'unit tests', conclusion: 'failure', steps: [{ name: 'Run npm test', conclusion: 'failure' }] },
];

/** The check's one read per cycle: the watched workflow's runs on the branch. */
const RUNS_READ = { method: 'GET', path: /\/actions\/workflows\/[^/]+\/runs$/ };

describe('a busy main whose newest commit is always still running', () => {
  const t = perTestWorld();
  const runsReads = () => t.world.github.requests.filter((r) => RUNS_READ.path.test(r.path)).length;

  /** A commit whose ci.yml run has started and not finished. */
  const start = (message: string, author = ALICE) => {
    const sha = t.world.github.addCommit(REPO, { message, author });
    return { sha, runId: t.world.github.addRun(REPO, { headSha: sha, status: 'in_progress' }) };
  };

  it('a finished red is paged by its webhook alone, and the next finished green resolves it', async () => {
    t.world.push('Add widgets', 'success');
    const bot = await t.bot(t.world.env({ OVERSEER_SCHEDULE: YEARLY }));
    await t.world.github.waitFor((github) =>
      github.requests.some((r) => r.path.endsWith('/runs') && r.status === 200),
    );

    const broken = start('Break the widget parser', BOB);
    const next = start('Tidy the docs');
    t.world.github.completeRun(broken.runId, { conclusion: 'failure', jobs: RED_JOBS });
    const looked = runsReads();
    expect((await deliverWorkflowRun(bot, { ...broken, conclusion: 'failure' }, 'busy-1')).status).toBe(202);
    // The schedule is yearly: only the webhook can start the check that pages (the wait is a
    // hang guard, not a measure), and it did so with one look at the runs.
    const [incident] = await t.world.slack.waitFor(
      (slack) => slack.messages(CHANNEL).length > 0 && slack.messages(CHANNEL),
      15_000,
    );
    expect(runsReads()).toBe(looked + 1);
    const text = visibleText(incident);
    expect(text).toContain(`/actions/runs/${broken.runId}`);
    expect(text).toContain(broken.sha.slice(0, 7));
    expect(text).toContain('Run npm test');

    // The head is still running when the commit after the red one finishes green.
    start('Yet another change');
    t.world.github.completeRun(next.runId, { conclusion: 'success' });
    expect((await deliverWorkflowRun(bot, { ...next, conclusion: 'success' }, 'busy-2')).status).toBe(202);
    const resolved = await t.world.slack.waitFor((slack) => {
      const message = slack.messages(CHANNEL)[0];
      return /recovered/i.test(visibleText(message)) && message;
    }, 15_000);
    expect(visibleText(resolved)).toContain(next.sha.slice(0, 7));
    expect(t.world.slack.messages(CHANNEL)).toHaveLength(1);
  }, 30_000);

  it('without webhooks the poll pages the finished red at its first look after the run finished', async () => {
    t.world.push('Add widgets', 'success');
    await t.bot(t.world.env({ OVERSEER_SCHEDULE: '*/2 * * * * *' }));
    await t.world.github.waitFor((github) =>
      github.requests.some((r) => r.path.endsWith('/runs') && r.status === 200),
    );

    const broken = start('Break the widget parser', BOB);
    start('Tidy the docs');
    // Superseded by concurrency: cancelled, proving nothing.
    t.world.push('Rename a variable', 'cancelled');
    start('Newest change');
    // A cycle's read of the runs is held; the run finishes while it waits, so the answer it gets
    // is the first to show the red. Later cycles' reads are held too: the page must come from
    // that one look, not from some later cycle.
    const first = t.world.github.hold(RUNS_READ);
    await first.reached;
    t.world.github.completeRun(broken.runId, { conclusion: 'failure', jobs: RED_JOBS });
    const later = t.world.github.hold(RUNS_READ);
    first.release();
    await t.world.slack.waitFor((slack) => slack.messages(CHANNEL).length > 0, 15_000);
    expect(first.held).toHaveLength(1);
    later.release();
    expect(visibleText(t.world.slack.messages(CHANNEL)[0])).toContain(`/actions/runs/${broken.runId}`);
  }, 30_000);

  it('a 300-commit suspect range names the first red commit and says how many more there are', async () => {
    t.world.push('Add widgets', 'success');
    for (let i = 1; i < 300; i += 1)
      t.world.github.addCommit(REPO, { message: `Merge change ${i}`, author: ALICE });
    const red = t.world.push('Break the widget parser', 'failure', BOB);
    await t.bot(t.world.env());
    // Without a green known before it, the first look finds the green below it in the same runs.
    const [incident] = await t.world.slack.waitFor(
      (slack) => slack.messages(CHANNEL).length > 0 && slack.messages(CHANNEL),
      8_000,
    );
    const text = visibleText(incident);
    expect(text).toContain(red.sha.slice(0, 7));
    expect(text).toContain('Break the widget parser');
    // The suspects shown are the commits nearest the first red, not the oldest of the range.
    expect(text).toContain('Merge change 299');
    expect(text).not.toMatch(/Merge change 1\b/);
    expect(text).toMatch(/and 29\d more/);
    await sleep(100);
  }, 30_000);
});
