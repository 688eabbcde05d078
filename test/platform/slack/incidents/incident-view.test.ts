import type { KnownBlock } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../../../../src/core/domain/types.js';
import type { FixTask } from '../../../../src/fix-tasks/domain/fix-task.js';
import type { Incident, Suspect } from '../../../../src/incidents/domain/incident.js';
import {
  ACK_ACTION_ID,
  RERUN_ACTION_ID,
  renderIncident,
} from '../../../../src/platform/slack/incidents/incident-view.js';

const MINUTE = 60_000;
const SINCE = 1_700_000_000_000;
const NOW = SINCE + 42 * MINUTE;
const RUN_URL = 'https://github.com/acme/widgets/actions/runs/901';

const job = (name: string, failedSteps: string[] = ['Run tests']): JobInfo => ({
  name,
  conclusion: 'failure',
  url: `https://github.com/acme/widgets/actions/runs/901/job/${encodeURIComponent(name)}`,
  failedSteps,
});

const suspect = (sha: string, title: string, extra: Partial<Suspect> = {}): Suspect => ({
  sha: sha.padEnd(40, '0'),
  title,
  authorName: 'Mona Lisa',
  ...extra,
});

function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'acme/widgets:ci.yml:main#3',
    watch: { repo: 'acme/widgets', workflow: 'ci.yml', branch: 'main' },
    episode: 3,
    status: 'open',
    since: SINCE,
    sinceUnknown: false,
    lastGreenSha: '1234567'.padEnd(40, 'a'),
    firstRedSha: 'abcdef0'.padEnd(40, '1'),
    headSha: 'abcdef0'.padEnd(40, '1'),
    run: { id: 901, attempt: 1, url: RUN_URL },
    failingJobs: [job('unit', ['Install', 'Run tests']), job('lint', ['Run biome'])],
    suspects: [
      suspect('abcdef0', 'Fix the parser', { authorLogin: 'octocat', slackUserId: 'U0OCTO' }),
      suspect('bcd1234', 'Bump deps', { authorLogin: 'dependabot' }),
      suspect('cde2345', 'Docs'),
    ],
    suspectsOmitted: 0,
    laterRedShas: [],
    ...overrides,
  };
}

/** Every piece of text a person could read in the blocks. */
function texts(blocks: readonly KnownBlock[]): string[] {
  const out: string[] = [];
  for (const block of blocks) {
    if (block.type === 'header') out.push(block.text.text);
    if (block.type === 'section' && block.text) out.push(block.text.text);
    if (block.type === 'context') for (const el of block.elements) if ('text' in el) out.push(el.text);
    if (block.type === 'actions')
      for (const el of block.elements) if (el.type === 'button') out.push(el.text.text);
  }
  return out;
}

const allText = (view: { text: string; blocks: KnownBlock[] }) =>
  [view.text, ...texts(view.blocks)].join('\n');

function buttons(blocks: readonly KnownBlock[]) {
  return blocks.flatMap((block) =>
    block.type === 'actions'
      ? block.elements.flatMap((el) =>
          el.type === 'button'
            ? [{ label: el.text.text, actionId: el.action_id, value: el.value, style: el.style }]
            : [],
        )
      : [],
  );
}

describe('renderIncident: open', () => {
  const view = renderIncident(incident(), NOW);
  const text = allText(view);

  it('names the repo, workflow and branch in the blocks and the notification text', () => {
    expect(view.text).toBe(':red_circle: CI is red on acme/widgets main (ci.yml)');
    expect(view.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: ':red_circle: CI is red · acme/widgets', emoji: true },
    });
    expect(texts(view.blocks)[1]).toContain('`ci.yml`');
    expect(texts(view.blocks)[1]).toContain('`main`');
  });

  it('says how long CI has been red, with a localized date', () => {
    expect(text).toContain('red for 42m');
    expect(text).toContain(`<!date^${SINCE / 1000}^{date_short_pretty} {time}|2023-11-14 22:13 UTC>`);
  });

  it('links the failing run, the jobs and their failed steps', () => {
    expect(text).toContain(`<${RUN_URL}|View failing run #901>`);
    expect(text).toContain(
      '<https://github.com/acme/widgets/actions/runs/901/job/unit|unit> — failed at `Install`, `Run tests`',
    );
    expect(text).toContain('|lint> — failed at `Run biome`');
  });

  it('lists suspects with short SHAs and authors as mentions or plain logins', () => {
    const commit = (sha: string) => `https://github.com/acme/widgets/commit/${sha.padEnd(40, '0')}`;
    expect(text).toContain(
      `*Suspected commits* (last green \`1234567\`..first red \`abcdef0\`, <https://github.com/acme/widgets/compare/${'1234567'.padEnd(40, 'a')}...${'abcdef0'.padEnd(40, '1')}|compare>)`,
    );
    expect(text).toContain(`\`abcdef0\` <${commit('abcdef0')}|Fix the parser> — <@U0OCTO>`);
    expect(text).toContain(`\`bcd1234\` <${commit('bcd1234')}|Bump deps> — dependabot`);
    expect(text).toContain(`\`cde2345\` <${commit('cde2345')}|Docs> — Mona Lisa`);
  });

  it('links the pull request a suspect was merged from', () => {
    const merged = suspect('abcdef0', 'Fix the parser (#123)', { authorLogin: 'octocat' });
    const text = allText(renderIncident(incident({ suspects: [merged] }), NOW));
    expect(text).toContain(
      `<https://github.com/acme/widgets/commit/${'abcdef0'.padEnd(40, '0')}|Fix the parser> (<https://github.com/acme/widgets/pull/123|#123>) — octocat`,
    );
  });

  it('offers Acknowledge and Re-run failed jobs, carrying the incident id', () => {
    expect(buttons(view.blocks)).toEqual([
      {
        label: 'Acknowledge',
        actionId: ACK_ACTION_ID,
        value: 'acme/widgets:ci.yml:main#3',
        style: 'primary',
      },
      {
        label: 'Re-run failed jobs',
        actionId: RERUN_ACTION_ID,
        value: 'acme/widgets:ci.yml:main#3',
        style: undefined,
      },
    ]);
    expect([ACK_ACTION_ID, RERUN_ACTION_ID]).toEqual(['overseer_ack', 'overseer_rerun']);
  });

  it('says the state in words at the top, and who is on it under it', () => {
    expect(texts(view.blocks)[0]).toBe(':red_circle: CI is red · acme/widgets');
    expect(texts(view.blocks)[2]).toBe(':bell: Not acknowledged yet');
  });

  it('ends with the incident for people, and the full ID in the command that acknowledges it', () => {
    expect(view.blocks.at(-1)).toEqual({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: '#3 on acme/widgets · ci.yml · main · acknowledge from anywhere: `/overseer ack acme/widgets:ci.yml:main#3`',
        },
      ],
    });
  });
});

describe('renderIncident: as it changes', () => {
  it('names the attempt of a re-run', () => {
    const text = allText(renderIncident(incident({ run: { id: 901, attempt: 2, url: RUN_URL } }), NOW));
    expect(text).toContain(`<${RUN_URL}|View failing run #901 (attempt 2)>`);
  });

  it('says no range can be suspected when no green was ever seen', () => {
    const { lastGreenSha: _, ...rest } = incident();
    const text = allText(renderIncident({ ...rest, sinceUnknown: true }, NOW));
    expect(text).toContain('red since unknown — Overseer saw no green before this');
    expect(text).toContain('No commit range can be suspected');
    expect(text).not.toContain('Fix the parser');
    expect(text).not.toContain('red for');
  });

  it('counts later red commits, first thing under the header', () => {
    const later = ['fed9876'.padEnd(40, '2'), '0ddba11'.padEnd(40, '3')];
    expect(texts(renderIncident(incident({ laterRedShas: later }), NOW).blocks)[1]).toMatch(
      /^\*Still red at `0ddba11`\* \(2 new commits\) · CI has been red for 42m/,
    );
    expect(texts(renderIncident(incident({ laterRedShas: later.slice(0, 1) }), NOW).blocks)[1]).toMatch(
      /^\*Still red at `fed9876`\* \(1 new commit\)/,
    );
  });

  it('counts every later red commit of a long red, not only the newest ones the incident lists', () => {
    const later = ['fed9876'.padEnd(40, '2'), '0ddba11'.padEnd(40, '3')];
    expect(
      texts(renderIncident(incident({ laterRedShas: later, laterRedCount: 499 }), NOW).blocks)[1],
    ).toMatch(/^\*Still red at `0ddba11`\* \(499 new commits\)/);
  });

  it('once acknowledged, names who and hides the Acknowledge button', () => {
    const view = renderIncident(incident({ acknowledgedBy: 'U0ACK', acknowledgedAt: NOW }), NOW);
    expect(allText(view)).toContain('Acknowledged by <@U0ACK>');
    expect(texts(view.blocks)[0]).toBe(':eyes: Red · acknowledged · acme/widgets');
    expect(buttons(view.blocks).map((b) => b.label)).toEqual(['Re-run failed jobs']);
  });

  it('with its fix task started, says a fix is under way and where the task stands', () => {
    const task = {
      id: 'T-3',
      incidentId: 'acme/widgets:ci.yml:main#3',
      watch: { repo: 'acme/widgets', workflow: 'ci.yml', branch: 'main' },
      strategy: 'rerun',
      plan: { strategy: 'rerun', runId: 901 },
      state: 'running',
      version: 3,
      createdAt: NOW,
      at: { running: NOW },
      refs: {},
      audit: [],
    } as unknown as FixTask;
    const view = renderIncident(incident(), NOW, task);
    expect(texts(view.blocks)[0]).toBe(':hammer_and_wrench: Red · fix under way · acme/widgets');
    expect(view.text).toContain('(fix under way)');
    expect(allText(view)).toContain(
      ':hammer_and_wrench: Fix task T-3 (re-run the failed jobs): :arrows_counterclockwise: Running · details in the thread',
    );
    const pending = renderIncident(incident(), NOW, { ...task, state: 'pending' });
    expect(texts(pending.blocks)[0]).toBe(':red_circle: CI is red · acme/widgets');
    expect(allText(pending)).toContain(
      'Fix task T-3 (re-run the failed jobs): :hourglass: Waiting for an approver',
    );
  });

  it('recovered: green emoji, how long it was red, the first green commit, no buttons', () => {
    const resolved = { resolvedAt: NOW, resolvedSha: 'beef123'.padEnd(40, '4'), redForMs: 42 * MINUTE };
    const view = renderIncident(incident({ status: 'recovered', ...resolved }), NOW + 60 * MINUTE);
    expect(view.text).toBe(':large_green_circle: CI recovered on acme/widgets main (ci.yml)');
    expect(texts(view.blocks)[0]).toBe(':large_green_circle: Green again · acme/widgets');
    expect(allText(view)).toContain(
      `*Recovered after 42m*, first green at \`beef123\` (<https://github.com/acme/widgets/commit/${'beef123'.padEnd(40, '4')}|commit>)`,
    );
    expect(allText(view)).toContain(`<${RUN_URL}|View the run that failed #901>`);
    expect(view.blocks.some((block) => block.type === 'actions')).toBe(false);
  });

  it('recovered: collapses to a summary, the jobs and suspects in a line each, the error lines left out', () => {
    const resolved = { resolvedAt: NOW, resolvedSha: 'beef123'.padEnd(40, '4'), redForMs: 42 * MINUTE };
    const excerpt = { lines: ['AssertionError: boom'], primary: 'AssertionError: boom', fingerprint: 'f' };
    const jobs = [{ ...job('unit', ['Run tests']), excerpt }, job('lint', ['Run biome'])];
    const view = renderIncident(incident({ status: 'recovered', failingJobs: jobs, ...resolved }), NOW);
    const text = allText(view);
    expect(text).not.toContain('AssertionError');
    expect(text).toContain(
      'Failed: <https://github.com/acme/widgets/actions/runs/901/job/unit|unit> at `Run tests`',
    );
    expect(text).toContain('Suspected (last green `1234567`..first red `abcdef0`');
    expect(text).toContain('Fix the parser> — <@U0OCTO>');
    expect(text).toContain('Nobody acknowledged it');
    expect(view.blocks.at(-1)).toEqual({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: '#3 on acme/widgets · ci.yml · main · details: `/overseer working-on acme/widgets:ci.yml:main#3`',
        },
      ],
    });
    expect(view.blocks.length).toBeLessThanOrEqual(4);
  });

  it('flaky: yellow emoji, the re-run that passed, the flaked jobs, no buttons', () => {
    const flaky = incident({
      status: 'flaky',
      resolvedAt: NOW,
      resolvedSha: 'abcdef0'.padEnd(40, '1'),
      redForMs: 3 * MINUTE,
      flakedJobs: ['unit', 'lint'],
    });
    const view = renderIncident(flaky, NOW);
    expect(view.text).toContain(':large_yellow_circle:');
    expect(view.text).toContain('flaky');
    expect(texts(view.blocks)[0]).toBe(':large_yellow_circle: Flaky: green on a re-run · acme/widgets');
    expect(allText(view)).toContain('*Resolved as flaky after 3m*: a re-run of `abcdef0` passed');
    expect(allText(view)).toContain('Flaky jobs: `unit`, `lint`');
    expect(buttons(view.blocks)).toEqual([]);
  });
});

describe('renderIncident: untrusted text', () => {
  const evil = '<!channel> & <@U999> <https://evil.example|github.com>';

  it('shows GitHub text only escaped, wherever it appears', () => {
    const view = renderIncident(
      incident({
        watch: { repo: 'acme/<!here>', workflow: '<!everyone>.yml', branch: '<!subteam^S1>' },
        failingJobs: [job(evil, [evil])],
        suspects: [suspect('abcdef0', evil, { authorLogin: '<!channel>', slackUserId: '<@U999>' })],
        flakedJobs: [evil],
      }),
      NOW,
    );
    const json = JSON.stringify(view);
    for (const bad of ['<!channel>', '<@U999>', '<https://evil', '<!here>', '<!everyone>', '<!subteam']) {
      expect(json).not.toContain(bad);
    }
    expect(allText(view)).toContain(
      '&lt;!channel&gt; &amp; &lt;@U999&gt; &lt;https://evil.example|github.com&gt;',
    );
  });
});

describe('renderIncident: Block Kit limits', () => {
  function expectWithinLimits(view: { text: string; blocks: KnownBlock[] }) {
    expect(view.blocks.length).toBeLessThanOrEqual(50);
    expect(view.text.length).toBeLessThanOrEqual(4000);
    for (const text of texts(view.blocks)) expect(text.length).toBeLessThanOrEqual(3000);
    const header = view.blocks[0];
    expect(header?.type === 'header' && header.text.text.length).toBeLessThanOrEqual(150);
    expect(header?.type).toBe('header');
  }

  it('200 failing jobs with many steps are cut with "…and N more"', () => {
    const jobs = Array.from({ length: 200 }, (_, i) =>
      job(
        `integration shard ${i} ${'x'.repeat(i)}`,
        Array.from({ length: 20 }, (_, s) => `step ${s}`),
      ),
    );
    const view = renderIncident(incident({ failingJobs: jobs }), NOW);
    expectWithinLimits(view);
    const text = allText(view);
    expect(text).toMatch(/…and 19\d more/);
    expect(text).toContain('`step 0`, `step 1`, `step 2`, …and 17 more');
  });

  it('500 suspects and more omitted are cut with "…and N more"', () => {
    const many = Array.from({ length: 500 }, (_, i) =>
      suspect(`${i}`.padStart(7, 'c'), `<${'&'.repeat(300)}>`),
    );
    const view = renderIncident(incident({ suspects: many, suspectsOmitted: 250 }), NOW);
    expectWithinLimits(view);
    expect(allText(view)).toMatch(/…and 7\d\d more/);
  });

  it('very long names stay within every limit', () => {
    const long = '<'.repeat(5000);
    const view = renderIncident(
      incident({
        watch: { repo: long, workflow: long, branch: long },
        failingJobs: [job(long, [long])],
        suspects: [suspect('abcdef0', long, { authorName: long })],
        status: 'flaky',
        flakedJobs: Array.from({ length: 100 }, () => long),
      }),
      NOW,
    );
    expectWithinLimits(view);
    expect(allText(view)).toContain('…and 9');
  });
});
