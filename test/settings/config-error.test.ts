import { describe, expect, it } from 'vitest';
import { ConfigError, NOTHING_WATCHED } from '../../src/settings/config-error.js';

describe('ConfigError', () => {
  it('lists every problem between a headline and where to look', () => {
    const problems = [
      'SLACK_BOT_TOKEN: required: the xoxb- bot token of your Slack app',
      'GITHUB_TOKEN: required, or set GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_APP_INSTALLATION_ID',
      'overseer.yml:7 selfHeal.maxPerCycle: expected a whole number of at least 0, got "lots"',
    ];
    const error = new ConfigError(problems, [NOTHING_WATCHED]);

    expect(error).toBeInstanceOf(Error);
    expect(error.problems).toEqual(problems);
    expect(error.message).toBe(`Overseer cannot start: 3 settings need attention.
  - SLACK_BOT_TOKEN: required: the xoxb- bot token of your Slack app
  - GITHUB_TOKEN: required, or set GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_APP_INSTALLATION_ID
  - overseer.yml:7 selfHeal.maxPerCycle: expected a whole number of at least 0, got "lots"
Nothing is watched yet: set OVERSEER_REPO and OVERSEER_CHANNEL, or list repos in overseer.yml (OVERSEER_CONFIG).
See .env.example for every variable and manifest.yml for creating the Slack app.`);
  });

  it('speaks of one setting in the singular and adds no notes unless given', () => {
    expect(new ConfigError(['PORT: expected a port number from 1 to 65535, got "0"']).message).toBe(
      [
        'Overseer cannot start: 1 setting needs attention.',
        '  - PORT: expected a port number from 1 to 65535, got "0"',
        'See .env.example for every variable and manifest.yml for creating the Slack app.',
      ].join('\n'),
    );
  });
});
