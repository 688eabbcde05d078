import { describe, expect, it } from 'vitest';
import {
  EMPTY_WATCH_DOC,
  enqueue,
  type IncidentSlot,
  type OutboxWork,
  prune,
  type WatchDoc,
} from '../../src/ci/watch-doc.js';
import { type FixTaskState, openFixTask } from '../../src/fix-tasks/domain/fix-task.js';
import type { Incident } from '../../src/incidents/domain/incident.js';

const WATCH = { repo: 'acme/widgets', workflow: 'ci.yml', branch: 'main' };
const RUN = { id: 1, attempt: 1, url: 'https://github.com/acme/widgets/actions/runs/1' };

function slot(episode: number, taskState?: FixTaskState): IncidentSlot {
  const incident = {
    id: `acme/widgets:ci.yml:main#${episode}`,
    watch: WATCH,
    episode,
  } as unknown as Incident;
  if (taskState === undefined) return { incident };
  const task = openFixTask({
    id: `T-${episode}`,
    incidentId: incident.id,
    watch: WATCH,
    plan: { strategy: 'revert', run: RUN, headSha: 'a'.repeat(40), commit: 'a'.repeat(40) },
    now: 0,
  });
  return { incident, task: { ...task, state: taskState } };
}

describe('prune', () => {
  it('keeps the incident just before the current one, any with work owed, and any whose fix task is open', () => {
    const doc: WatchDoc = {
      ...EMPTY_WATCH_DOC,
      current: slot(9),
      earlier: [slot(8), slot(7), slot(6, 'awaiting_merge_approval'), slot(5, 'verified'), slot(4)],
      outbox: [{ id: 1, kind: 'render', incidentId: 'acme/widgets:ci.yml:main#4' }],
    };
    expect(prune(doc).earlier?.map((held) => held.incident.episode)).toEqual([8, 6, 4]);
  });
});

describe('enqueue of thread notes', () => {
  const ID = 'acme/widgets:ci.yml:main#1';
  const stillRed = (sha: string): OutboxWork => ({
    kind: 'note',
    note: {
      type: 'still-red',
      commit: { sha, title: sha, authorName: 'Alice' },
      otherNewCommits: 0,
      runUrl: `https://github.com/acme/widgets/actions/runs/${sha}`,
      failingJobs: ['unit tests'],
    },
  });
  const owed = (doc: WatchDoc) =>
    doc.outbox.map((item) =>
      item.kind === 'note' && item.note.type === 'still-red'
        ? `${item.note.commit.sha}+${item.note.otherNewCommits}`
        : item.kind,
    );

  it('merges a still-red note into one waiting, but never into the first in line (it may be being posted)', () => {
    let doc = enqueue(EMPTY_WATCH_DOC, ID, [stillRed('a')]);
    doc = enqueue(doc, ID, [{ kind: 'render' }, stillRed('b')]);
    expect(owed(doc)).toEqual(['a+0', 'render', 'b+0']);
    doc = enqueue(doc, ID, [{ kind: 'render' }, stillRed('c')]);
    doc = enqueue(doc, ID, [{ kind: 'render' }, stillRed('d')]);
    expect(owed(doc)).toEqual(['a+0', 'render', 'd+2']);
  });

  it('keeps the notes of another incident apart', () => {
    let doc = enqueue(EMPTY_WATCH_DOC, ID, [{ kind: 'render' }, stillRed('a')]);
    doc = enqueue(doc, 'acme/widgets:ci.yml:main#2', [stillRed('b')]);
    expect(owed(doc)).toEqual(['render', 'a+0', 'b+0']);
  });
});
