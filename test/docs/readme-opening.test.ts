import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
/** The opening: everything before the first code block (the flow diagram). */
const OPENING = README.slice(0, README.indexOf('```'));

describe('the README’s opening says exactly what Overseer does on its own and what only on a click', () => {
  it('does not claim Overseer never merges: Approve merge does', () => {
    expect(OPENING).not.toMatch(/never merges/i);
    expect(OPENING).toContain('**Approve\nmerge** (approvers only) merges the fix task');
  });

  it('names what it does on its own, with the settings that allow it', () => {
    expect(OPENING).toContain('**What Overseer does on its own:**');
    for (const said of [
      '`flakeRetry`',
      '`escalation:`',
      '`incidentChannels: true`',
      '`selfHeal.originate`',
    ]) {
      expect(OPENING).toContain(said);
    }
  });

  it('names every button that acts on GitHub under what happens only on a click', () => {
    const onClick = OPENING.slice(OPENING.indexOf("**What it does only on a person's click:**"));
    expect(onClick.length).toBeLessThan(OPENING.length);
    for (const label of ['Re-run failed jobs', 'Approve & Start', 'Approve merge']) {
      expect(onClick.replace(/\s+/g, ' ')).toContain(`**${label}**`);
    }
  });
});
