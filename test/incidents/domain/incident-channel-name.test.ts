import { describe, expect, it } from 'vitest';
import {
  incidentChannelName,
  MAX_CHANNEL_NAME,
} from '../../../src/incidents/domain/incident-channel-name.js';

describe('incidentChannelName', () => {
  it.each([
    ['acme/widgets', 3, 1, 'ci-widgets-3'],
    ['acme/widgets', 3, 2, 'ci-widgets-3-2'],
    ['Acme/Big.Widgets', 12, 1, 'ci-big-widgets-12'],
    ['acme/my_repo', 1, 1, 'ci-my_repo-1'],
    ['acme/--odd..name--', 7, 1, 'ci-odd-name-7'],
    ['acme/ünïcødé', 2, 1, 'ci-n-c-d-2'],
    ['acme/...', 4, 1, 'ci-repo-4'],
  ])('names %s episode %i (attempt %i) %s', (repo, episode, attempt, expected) => {
    expect(incidentChannelName(repo, episode, attempt)).toBe(expected);
  });

  it('cuts a long repo name, never the episode or the suffix, to 80 characters', () => {
    const name = incidentChannelName(`acme/${'a'.repeat(100)}`, 123, 4);
    expect(name).toHaveLength(MAX_CHANNEL_NAME);
    expect(name.endsWith('-123-4')).toBe(true);
    expect(name).toMatch(/^[a-z0-9_-]+$/);
  });

  it('leaves no hyphen dangling where the repo name was cut', () => {
    const name = incidentChannelName(`acme/${'a'.repeat(74)}-bbbb`, 1);
    expect(name).toBe(`ci-${'a'.repeat(74)}-1`);
  });
});
