import type { KnownBlock } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../../../../src/core/domain/types.js';
import type { JobExcerpt } from '../../../../src/diagnosis/domain/job-excerpt.js';
import type { Incident } from '../../../../src/incidents/domain/incident.js';
import { renderIncident } from '../../../../src/platform/slack/incidents/incident-view.js';

const SINCE = 1_700_000_000_000;
const job = (name: string, excerpt?: JobExcerpt): JobInfo => ({
  name,
  conclusion: 'failure',
  url: `https://github.com/acme/widgets/actions/runs/901/job/${name.length}`,
  failedSteps: ['Run npm test'],
  ...(excerpt ? { excerpt } : {}),
});
const lines = (text: string[]): JobExcerpt => ({ lines: text, primary: text[0] ?? '', fingerprint: 'f' });

function incident(failingJobs: JobInfo[], extra: Partial<Incident> = {}): Incident {
  return {
    id: 'acme/widgets:ci.yml:main#3',
    watch: { repo: 'acme/widgets', workflow: 'ci.yml', branch: 'main' },
    episode: 3,
    status: 'open',
    since: SINCE,
    sinceUnknown: true,
    firstRedSha: 'a'.repeat(40),
    headSha: 'a'.repeat(40),
    run: { id: 901, attempt: 1, url: 'https://github.com/acme/widgets/actions/runs/901' },
    failingJobs,
    suspects: [],
    suspectsOmitted: 0,
    laterRedShas: [],
    ...extra,
  };
}

const sections = (blocks: readonly KnownBlock[]) =>
  blocks.flatMap((block) => (block.type === 'section' && block.text ? [block.text.text] : []));

const contexts = (blocks: readonly KnownBlock[]) =>
  blocks.flatMap((block) =>
    block.type === 'context' ? block.elements.flatMap((el) => ('text' in el ? [el.text] : [])) : [],
  );

describe('the incident message with error lines', () => {
  it("shows each job's lines as a code block under its line, escaped, and says plainly when a log is gone", () => {
    const view = renderIncident(
      incident([
        job('unit tests', lines(['FAIL test/cart.test.ts', 'AssertionError: expected <a> & ```b```'])),
        job('e2e', { unavailable: 'expired' }),
        job('lint'),
      ]),
      SINCE + 60_000,
    );
    const text = sections(view.blocks);
    const unit = text.find((t) => t.includes('unit tests')) ?? '';
    expect(unit).toContain(
      'failed at `Run npm test`\n```FAIL test/cart.test.ts\nAssertionError: expected &lt;a&gt; &amp; ˋˋˋbˋˋˋ```',
    );
    expect(text.find((t) => t.includes('e2e'))).toContain('_log unavailable: expired_');
    expect(text.some((t) => t.includes('lint') && !t.includes('```'))).toBe(true);
  });

  it('stays within Block Kit limits with the longest lines on many jobs', () => {
    const worst = lines(Array.from({ length: 10 }, () => '<&>'.repeat(200)));
    const jobs = Array.from({ length: 40 }, (_, i) =>
      job(`job ${i} ${'x'.repeat(200)}`, i < 3 ? worst : undefined),
    );
    const view = renderIncident(
      incident(jobs, {
        seenBefore: {
          text: 'Seen 3 times in 14 days',
          incidentId: 'x#1',
          link: 'https://x.slack.com/archives/C/p1',
        },
        autoRetry: 'failed',
      }),
      SINCE,
    );
    expect(view.blocks.length).toBeLessThanOrEqual(50);
    for (const text of sections(view.blocks)) expect(text.length).toBeLessThanOrEqual(3000);
    expect(sections(view.blocks).filter((t) => t.includes('```'))).toHaveLength(3);
  });

  it('says a failure was seen before, linking the earlier incident', () => {
    const view = renderIncident(
      incident([job('unit tests')], {
        seenBefore: {
          text: 'Seen 3 times in 14 days · last time resolved as flaky on Nov 21',
          incidentId: 'acme/widgets:ci.yml:main#2',
          link: 'https://acme.slack.com/archives/C0INCIDENTS/p1700000000000100',
        },
      }),
      SINCE,
    );
    expect(contexts(view.blocks)).toContain(
      ':repeat: Seen 3 times in 14 days · last time resolved as flaky on Nov 21 · <https://acme.slack.com/archives/C0INCIDENTS/p1700000000000100|previous incident>',
    );
  });
});
