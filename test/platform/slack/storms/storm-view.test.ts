import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../../src/incidents/domain/incident.js';
import {
  readSplitValue,
  renderStorm,
  SPLIT_ACTION_ID,
  SPLIT_LABEL,
  splitValue,
} from '../../../../src/platform/slack/storms/storm-view.js';
import type { StormMember, StormView } from '../../../../src/storms/domain/storm-view.js';

const NOW = Date.UTC(2026, 11, 6, 16, 20);
const watch = (repo: string) => ({ repo, workflow: 'ci.yml', branch: 'main' });
const LEAD: Incident = {
  id: 'acme/one:ci.yml:main#3',
  watch: watch('acme/one'),
  episode: 3,
  status: 'open',
  since: NOW - 360_000,
  sinceUnknown: false,
  firstRedSha: 'bbbbbbb2222',
  headSha: 'bbbbbbb2222',
  run: { id: 1, attempt: 1, url: 'https://github.com/acme/one/actions/runs/1' },
  failingJobs: [],
  suspects: [],
  suspectsOmitted: 0,
  laterRedShas: [],
};
const member = (repo: string, status: StormMember['status']): StormMember => ({
  incidentId: `${repo}:ci.yml:main#1`,
  watch: watch(repo),
  since: NOW - 120_000,
  status,
  ...(status === 'open' ? {} : { resolvedAt: NOW - 60_000 }),
  runUrl: `https://github.com/${repo}/actions/runs/2`,
  jobs: ['build'],
});
const view = (members: StormMember[], line = 'npm ERR! 503'): StormView => ({ cause: 'c', line, members });

function texts(blocks: readonly unknown[]): string {
  return JSON.stringify(blocks);
}

function splitButtons(blocks: readonly unknown[]): string[] {
  return blocks.flatMap((block) => {
    const accessory = (
      block as { accessory?: { action_id?: string; value?: string; text?: { text?: string } } }
    ).accessory;
    return accessory?.action_id === SPLIT_ACTION_ID ? [`${accessory.text?.text}|${accessory.value}`] : [];
  });
}

describe('renderStorm', () => {
  it.each<[string, Incident, StormMember[], string, number]>([
    [
      'all red',
      LEAD,
      [member('acme/two', 'open'), member('acme/three', 'open')],
      '3 of 3 watches red from one cause',
      2,
    ],
    [
      'one green again',
      LEAD,
      [member('acme/two', 'recovered'), member('acme/three', 'open')],
      '2 of 3 watches red',
      1,
    ],
    [
      'the lead green, one still red',
      { ...LEAD, status: 'recovered', resolvedAt: NOW },
      [member('acme/two', 'recovered'), member('acme/three', 'open')],
      '1 of 3 watches red',
      1,
    ],
    [
      'the last one green: over',
      { ...LEAD, status: 'recovered', resolvedAt: NOW },
      [member('acme/two', 'recovered'), member('acme/three', 'flaky')],
      'Storm over · 3 watches green again',
      0,
    ],
  ])(
    '%s: says how many, and offers Not the same cause on each joined line still red',
    (_name, lead, members, words, splits) => {
      const { text, blocks } = renderStorm(lead, view(members), NOW);
      expect(texts(blocks)).toContain(words);
      expect(text).toContain(words.split(' · ')[0] ?? '');
      const buttons = splitButtons(blocks);
      expect(buttons).toHaveLength(splits);
      for (const button of buttons) expect(button.startsWith(`${SPLIT_LABEL}|`)).toBe(true);
    },
  );

  it('offers one Acknowledge for the storm while its lead is red and not taken', () => {
    const open = texts(renderStorm(LEAD, view([member('acme/two', 'open')]), NOW).blocks);
    expect(open).toContain('"action_id":"overseer_ack"');
    const taken = { ...LEAD, acknowledgedBy: 'U0OLIVE', acknowledgedAt: NOW };
    const acked = texts(renderStorm(taken, view([member('acme/two', 'open')]), NOW).blocks);
    expect(acked).not.toContain('"action_id":"overseer_ack"');
    expect(acked).toContain('Acknowledged by <@U0OLIVE>');
  });

  it('shows the shared error line from the logs as inert code: no mention, no link', () => {
    const { blocks } = renderStorm(
      LEAD,
      view([member('acme/two', 'open')], 'fail <!here> <https://evil|x> `tick`'),
      NOW,
    );
    const shared = texts(blocks);
    expect(shared).not.toContain('<!here>');
    expect(shared).not.toContain('<https://evil|x>');
  });
});

describe('the Not the same cause value', () => {
  it('carries the storm and the watch, and refuses anything else', () => {
    expect(readSplitValue(splitValue('a:ci.yml:main#1', 'b:ci.yml:main#2'))).toEqual({
      leadId: 'a:ci.yml:main#1',
      memberId: 'b:ci.yml:main#2',
    });
    for (const junk of ['', 'x', '[1,2]', '["a"]', '{"a":1}']) expect(readSplitValue(junk)).toBeUndefined();
  });
});
