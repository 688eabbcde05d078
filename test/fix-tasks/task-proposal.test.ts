import { describe, expect, it } from 'vitest';
import { EMPTY_WATCH_DOC, type IncidentSlot, type WatchDoc } from '../../src/ci/watch-doc.js';
import { openFixTask } from '../../src/fix-tasks/domain/fix-task.js';
import { oweTaskProposal } from '../../src/fix-tasks/task-proposal.js';
import type { Incident } from '../../src/incidents/domain/incident.js';

const WATCH = { repo: 'acme/widgets', workflow: 'ci.yml', branch: 'main' };
const RUN = { id: 1, attempt: 1, url: 'https://github.com/acme/widgets/actions/runs/1' };
const NOW = 1_000_000;

function slot(episode: number, extra: Partial<Incident> = {}, withTask = false): IncidentSlot {
  const incident = {
    id: `acme/widgets:ci.yml:main#${episode}`,
    watch: WATCH,
    episode,
    status: 'open',
    ...extra,
  } as unknown as Incident;
  if (!withTask) return { incident };
  const plan = { strategy: 'rerun', run: RUN, headSha: 'a'.repeat(40) } as const;
  return { incident, task: openFixTask({ id: 'T-1', incidentId: incident.id, watch: WATCH, plan, now: 0 }) };
}

const doc = (current?: IncidentSlot): WatchDoc => ({ ...EMPTY_WATCH_DOC, ...(current ? { current } : {}) });

describe('oweTaskProposal', () => {
  it.each<[string, WatchDoc, WatchDoc, boolean]>([
    ['an incident opened (the first)', doc(), doc(slot(1)), true],
    ['an incident opened after a resolved one', doc(slot(1, { status: 'recovered' })), doc(slot(2)), true],
    ['a quiet incident woken by a barge-in', doc(slot(1, { quiet: true })), doc(slot(1)), true],
    ['an incident opened quietly (ignore, queue)', doc(), doc(slot(1, { quiet: true })), false],
    ['the same incident, already told about', doc(slot(1)), doc(slot(1)), false],
    ['an incident resolved in the same write', doc(), doc(slot(1, { status: 'recovered' })), false],
    ['an incident that has its task', doc(), doc(slot(1, {}, true)), false],
  ])('%s: owed %s', (_case, before, after, owed) => {
    const next = oweTaskProposal(before, after, NOW);
    if (owed) expect(next.current?.proposal).toEqual({ since: NOW, tries: 0 });
    else expect(next).toBe(after);
  });

  it('never replaces a proposal already owed or set aside', () => {
    const setAside = { since: 1, tries: 1, setAside: 'GitHub refused it (http 403)' };
    const after = doc({ ...slot(1), proposal: setAside });
    expect(oweTaskProposal(doc(), after, NOW)).toBe(after);
  });
});
