import { describe, expect, it } from 'vitest';
import { mergeNotes, type ThreadNote } from '../../../src/incidents/domain/thread-note.js';

const stillRed = (sha: string, otherNewCommits: number): ThreadNote => ({
  type: 'still-red',
  commit: { sha, title: sha, authorName: 'Alice' },
  otherNewCommits,
  runUrl: `https://github.com/acme/widgets/actions/runs/${sha}`,
  failingJobs: ['unit tests'],
});
const failedAgain = (sha: string, attempt: number): ThreadNote => ({
  type: 'failed-again',
  sha,
  attempt,
  runUrl: `https://github.com/acme/widgets/actions/runs/${sha}`,
  failingJobs: ['unit tests'],
});

describe('mergeNotes', () => {
  it.each([
    [
      'a later still-red counts the earlier commit and its others',
      stillRed('a', 2),
      stillRed('b', 1),
      stillRed('b', 4),
    ],
    [
      'a later failed-again is the latest word',
      failedAgain('a', 2),
      failedAgain('b', 3),
      failedAgain('b', 3),
    ],
    ['a still-red does not absorb a failed-again', failedAgain('a', 2), stillRed('b', 0), undefined],
    ['nor the other way round', stillRed('a', 0), failedAgain('a', 2), undefined],
    [
      'an acknowledgement is never merged',
      { type: 'acknowledged', userId: 'U1' } as const,
      stillRed('b', 0),
      undefined,
    ],
  ])('%s', (_name, queued, next, merged) => {
    expect(mergeNotes(queued, next)).toEqual(merged);
  });
});
