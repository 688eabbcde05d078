import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { afterEach, beforeEach } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from './fake-github.js';

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

export const alice = { name: 'Alice', email: 'alice@example.com', login: 'alice' };
export const bob = { name: 'Bob', email: 'bob@example.com' };

/** A fresh fake GitHub with acme/widgets and a client configured like the bot's, for each test. */
export function fakeGitHubPerTest(): {
  readonly github: FakeGitHub;
  readonly octokit: ReturnType<typeof appClient>;
} {
  let github: FakeGitHub | undefined;
  let octokit: ReturnType<typeof appClient> | undefined;
  beforeEach(async () => {
    github = await startFakeGitHub({ token: 'ghp_test' });
    github.addRepo('acme/widgets', { defaultBranch: 'main' });
    octokit = appClient(github);
  });
  afterEach(async () => {
    await github?.close();
  });
  return {
    get github() {
      if (!github) throw new Error('the fake exists only while a test runs');
      return github;
    },
    get octokit() {
      if (!octokit) throw new Error('the client exists only while a test runs');
      return octokit;
    },
  };
}
