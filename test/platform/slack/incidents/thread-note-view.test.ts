import { describe, expect, it } from 'vitest';
import type { ThreadNote } from '../../../../src/incidents/domain/thread-note.js';
import { renderThreadNote } from '../../../../src/platform/slack/incidents/thread-note-view.js';

const SHA = 'abc1234'.padEnd(40, '0');
const RUN_URL = 'https://github.com/acme/widgets/actions/runs/77';
const EVIL = '<!channel> & <@U999> <https://evil.example|github.com>';

const stillRed = (overrides: Partial<Extract<ThreadNote, { type: 'still-red' }>> = {}): ThreadNote => ({
  type: 'still-red',
  commit: { sha: SHA, title: 'fix the thing', authorName: 'Mona', authorLogin: 'mona', slackUserId: 'U1' },
  otherNewCommits: 2,
  runUrl: RUN_URL,
  failingJobs: ['unit', 'lint'],
  ...overrides,
});

const flaky = (repeated: boolean): ThreadNote => ({
  type: 'flaky',
  sha: SHA,
  redForMs: 3 * 60_000,
  runUrl: RUN_URL,
  flakedJobs: ['unit'],
  flakesToday: repeated ? 3 : 1,
  repeated,
});

describe('renderThreadNote', () => {
  it('still red: the new commit, its author, the failing jobs and the run', () => {
    expect(renderThreadNote(stillRed())).toBe(
      `:red_circle: Still red at \`abc1234\` fix the thing — <@U1> (and 2 more commits). Failing: unit, lint. <${RUN_URL}|View run>`,
    );
  });

  it('still red: an author without a Slack account is named by login, one other commit in the singular', () => {
    const note = stillRed({
      commit: { sha: SHA, title: 'x', authorName: 'Mona', authorLogin: 'mona' },
      otherNewCommits: 1,
    });
    expect(renderThreadNote(note)).toContain('`abc1234` x — mona (and 1 more commit).');
    expect(renderThreadNote(stillRed({ otherNewCommits: 0 }))).toContain('— <@U1>. Failing');
  });

  it('failed again on a re-run', () => {
    const note: ThreadNote = {
      type: 'failed-again',
      sha: SHA,
      attempt: 2,
      runUrl: RUN_URL,
      failingJobs: ['unit'],
    };
    expect(renderThreadNote(note)).toBe(
      `:red_circle: Re-run attempt 2 of \`abc1234\` failed again: unit. <${RUN_URL}|View run>`,
    );
  });

  it('recovered', () => {
    const note: ThreadNote = { type: 'recovered', sha: SHA, redForMs: 42 * 60_000, runUrl: RUN_URL };
    expect(renderThreadNote(note)).toBe(
      `:large_green_circle: CI is green again at \`abc1234\` after 42m. <${RUN_URL}|View run>`,
    );
  });

  it('flaky: names the flaked jobs, and calls out a repeat only when repeated', () => {
    const once = renderThreadNote(flaky(false));
    expect(once).toContain(':large_yellow_circle: A re-run of `abc1234` passed');
    expect(once).toContain('flaky job unit');
    expect(once).not.toContain(':warning:');
    const watch = { repo: 'acme/widgets', workflow: 'ci.yml', branch: 'main' };
    expect(renderThreadNote(flaky(true), watch)).toContain(
      ':warning: `ci.yml` on `main` has flaked 3 times in 24h — consider fixing or quarantining these jobs.',
    );
    expect(renderThreadNote(flaky(true))).toContain(':warning: This workflow has flaked 3 times in 24h');
  });

  it('re-run requested and acknowledged name the person', () => {
    expect(renderThreadNote({ type: 'rerun-requested', userId: 'U1', attempt: 2 })).toBe(
      '<@U1> asked for a re-run of the failed jobs (attempt 2 is starting).',
    );
    expect(renderThreadNote({ type: 'acknowledged', userId: 'U1' })).toBe(
      '<@U1> acknowledged this incident.',
    );
  });

  it('many failing jobs are cut with "…and N more"', () => {
    const jobs = Array.from({ length: 200 }, (_, i) => `job ${i}`);
    const text = renderThreadNote(stillRed({ failingJobs: jobs }));
    expect(text).toContain('job 9, …and 190 more');
    expect(text.length).toBeLessThan(3000);
  });

  it('shows GitHub text only escaped', () => {
    const notes: ThreadNote[] = [
      stillRed({
        commit: { sha: EVIL, title: EVIL, authorName: EVIL, authorLogin: EVIL, slackUserId: '<@U999>' },
        failingJobs: [EVIL],
        runUrl: 'https://github.com/x|<!channel>',
      }),
      { type: 'failed-again', sha: EVIL, attempt: 2, runUrl: 'javascript:alert(1)', failingJobs: [EVIL] },
      { ...flaky(true), flakedJobs: [EVIL] } as ThreadNote,
      { type: 'acknowledged', userId: '<!channel>' },
    ];
    for (const note of notes) {
      const text = renderThreadNote(note, { repo: EVIL, workflow: EVIL, branch: EVIL });
      for (const bad of ['<!channel>', '<@U999>', '<https://evil', 'javascript:'])
        expect(text).not.toContain(bad);
    }
    const first = renderThreadNote(notes[0] as ThreadNote);
    expect(first).toContain('&lt;!channel&gt; &amp; &lt;@U999&gt;');
    expect(first).toContain('<https://github.com/x%7C%3C!channel%3E|View run>');
  });
});
