import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../../src/incidents/domain/incident.js';
import { stormWords } from '../../../../src/platform/slack/storms/storm-words.js';
import { renderIncidents } from '../../../../src/platform/slack/talk/incidents-view.js';

const NOW = Date.UTC(2026, 11, 6, 16, 20);
const watch = (repo: string) => ({ repo, workflow: 'ci.yml', branch: 'main' });
const incident = (repo: string, extra: Partial<Incident> = {}): Incident => ({
  id: `${repo}:ci.yml:main#1`,
  watch: watch(repo),
  episode: 1,
  status: 'open',
  since: NOW - 60_000,
  sinceUnknown: false,
  firstRedSha: 'b',
  headSha: 'b',
  run: { id: 1, attempt: 1, url: 'https://github.com/x' },
  failingJobs: [],
  suspects: [],
  suspectsOmitted: 0,
  laterRedShas: [],
  ...extra,
});
const member = (repo: string, status: 'open' | 'recovered') => ({
  incidentId: `${repo}:ci.yml:main#1`,
  watch: watch(repo),
  since: NOW - 60_000,
  status,
  runUrl: 'https://github.com/x',
  jobs: [],
});
const LEAD = incident('acme/a', {
  storm: {
    cause: 'c',
    line: 'npm ERR! 503',
    members: [member('acme/b', 'open'), member('acme/c', 'recovered')],
  },
});
const JOINED = incident('acme/b', {
  joined: {
    lead: { key: 'acme/a:ci.yml:main', watch: watch('acme/a'), incidentId: LEAD.id },
    channel: 'C1',
    cause: 'c',
    line: 'npm ERR! 503',
  },
});

describe('a storm in the answers that list incidents', () => {
  it.each<[string, Incident, string | undefined]>([
    ['its lead names every watch', LEAD, ':rotating_light: storm of 3 watches: acme/b, acme/c (green again)'],
    ['a watch that joined names the storm', JOINED, ':rotating_light: in the storm of acme/a'],
    ['an incident outside any storm says nothing', incident('acme/z'), undefined],
  ])('%s', (_name, given, words) => {
    expect(stormWords(given)).toBe(words);
  });

  it('/overseer incidents shows a storm as one entry with its watches', () => {
    const text = renderIncidents({
      ok: true,
      now: NOW,
      watches: [LEAD, JOINED].map((one) => ({
        watch: one.watch,
        signal: 'red',
        episodes: [{ incident: one }],
      })),
    });
    expect(text).toContain('*Open incidents* (1)');
    expect(text).toContain('storm of 3 watches: acme/b');
    expect(text).not.toContain(JOINED.id);
  });
});
