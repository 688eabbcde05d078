import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configEnv } from '../support/config-file.js';
import { CHANNEL, looks, startWorld, visibleText, type World } from '../support/scenario.js';
import { type Bot, startBot } from '../support/start-bot.js';

// One bot, one watch per ecosystem of the log corpus (test/fixtures/logs/corpus/<ecosystem>):
// each watch goes red with a job whose failed step is the sample's, its log served through the
// fake GitHub's redirect; the incident message, once updated with the error lines, must show the
// line a person needs to see (the sample's `key`).

const CORPUS = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'logs', 'corpus');

interface Sample {
  readonly file: string;
  readonly step: string;
  readonly key: string;
}

const ecosystems = readdirSync(CORPUS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => {
    const samples = JSON.parse(readFileSync(join(CORPUS, entry.name, 'samples.json'), 'utf8')) as Sample[];
    const sample = samples[0];
    if (sample === undefined) throw new Error(`${entry.name}/samples.json holds no sample`);
    return { name: entry.name, repo: `acme/${entry.name}`, sample };
  });

/**
 * The text as a person reads it: Slack's mrkdwn escapes decoded, and the look-alike `ˋ` (U+02CB)
 * the excerpt's code block shows for a backtick (excerpt-view.ts: a backtick would end the block)
 * read as the backtick it stands for.
 */
function decoded(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&').replaceAll('ˋ', '`');
}

describe('why it is red, per ecosystem of the log corpus', () => {
  let world: World;
  let bot: Bot;
  const messageOf = (repo: string) =>
    world.slack.messages(CHANNEL).find((m) => visibleText(m).includes(`CI is red · ${repo}`));
  /** Updated with its lines: an excerpt (a code block) or the reason there is none. */
  const diagnosed = (repo: string) =>
    world.slack
      .callsTo('chat.update')
      .some(
        (call) =>
          call.ok && call.params.ts === messageOf(repo)?.ts && /```|log/i.test(JSON.stringify(call.params)),
      );

  beforeAll(async () => {
    world = await startWorld();
    const entries = ecosystems.flatMap((e) => [`  - repo: ${e.repo}`, `    channel: ${CHANNEL}`]);
    for (const e of ecosystems) world.github.addRepo(e.repo, { defaultBranch: 'main' });
    bot = await startBot(configEnv(world, ['repos:', ...entries]));
    for (const e of ecosystems) {
      const author = { name: 'Alice Doe', email: 'alice@acme.test', login: 'alice' };
      const green = world.github.addCommit(e.repo, { message: 'Green', author });
      world.github.addRun(e.repo, {
        workflow: 'ci.yml',
        branch: 'main',
        headSha: green,
        conclusion: 'success',
      });
    }
    // Each repo seen green: a look after its green run has finished.
    await Promise.all(ecosystems.map((e) => looks(world.github, 2, e.repo)));
    for (const e of ecosystems) {
      const author = { name: 'Alice Doe', email: 'alice@acme.test', login: 'alice' };
      const sha = world.github.addCommit(e.repo, { message: `Break ${e.name}`, author });
      const runId = world.github.addRun(e.repo, {
        workflow: 'ci.yml',
        branch: 'main',
        headSha: sha,
        conclusion: 'failure',
        jobs: [
          {
            name: e.name,
            conclusion: 'failure',
            steps: [
              { name: 'Checkout', conclusion: 'success' },
              { name: e.sample.step, conclusion: 'failure' },
            ],
          },
        ],
      });
      for (const job of world.github.run(runId).attempts.at(-1)?.jobs ?? []) {
        world.github.setJobLog(job.id, readFileSync(join(CORPUS, e.name, e.sample.file), 'utf8'));
      }
    }
    await world.slack
      .waitFor(() => ecosystems.every((e) => diagnosed(e.repo)), 40_000)
      .catch(() => undefined);
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await world?.close();
  });

  it.each(ecosystems)('$name: the incident shows the key line of $sample.file', ({ repo, sample }) => {
    const message = messageOf(repo);
    expect(message, `no incident message for ${repo}`).toBeDefined();
    expect(decoded(visibleText(message))).toContain(sample.key);
  });
});
