import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import type { FakeGitHub } from './fake-github.js';

export const REPO = { owner: 'acme', repo: 'widgets' };
export const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const AppOctokit = Octokit.plugin(throttling, retry);
let clients = 0;

/** Configured as the bot configures it: throttling that retries a rate limit once, and retries on 5xx. */
export function appClient(github: FakeGitHub, handlers: { onRateLimit?: () => boolean } = {}) {
  clients += 1;
  return new AppOctokit({
    auth: 'ghp_test',
    baseUrl: github.url,
    log: quiet,
    throttle: {
      // A fresh limiter per client: writes from earlier tests must not delay this one.
      id: `fake-github-test-${clients}`,
      onRateLimit: (_after, _options, _octokit, retryCount) => handlers.onRateLimit?.() ?? retryCount < 1,
      onSecondaryRateLimit: (_after, _options, _octokit, retryCount) => retryCount < 1,
    },
  });
}
