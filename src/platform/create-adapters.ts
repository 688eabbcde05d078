import type { Logger } from 'pino';
import { cachedDirectory } from '../core/cached-directory.js';
import type { Clock } from '../core/ports.js';
import type { Config } from '../settings/config.js';
import { countedJobLogs } from './github/counted-job-logs.js';
import { createOctokit } from './github/create-octokit.js';
import { createGitHubCi } from './github/github-ci.js';
import { createGitHubFixes } from './github/github-fixes.js';
import { createGithubStatusPage } from './github/github-status-page.js';
import { createJobLogs } from './github/job-logs.js';
import { createIngress, type IngressLimits } from './http/create-ingress.js';
import { createMetrics } from './http/metrics.js';
import { countedFetch } from './slack/counted-fetch.js';
import { createSlackApp } from './slack/create-slack-app.js';
import { createSlackChat } from './slack/slack-chat.js';
import { createSlackIncidentChannels } from './slack/slack-incident-channels.js';
import { createStore } from './store/create-store.js';

/**
 * Bounds on the public request bodies (webhooks, Slack over HTTP). The events used are tens of KB
 * and Slack payloads a few KB, so 1 MB is ample; 16 bodies at once caps their memory at 16 MB.
 */
const INGRESS_LIMITS: IngressLimits = {
  maxBodyBytes: 1024 * 1024,
  maxInFlight: 16,
  bodyTimeoutMs: 10_000,
  retryAfterSeconds: 5,
};

export type Adapters = Awaited<ReturnType<typeof createAdapters>>;

/** Every platform adapter, built from the settings: the store, GitHub, Slack, metrics, ingress. */
export async function createAdapters(config: Config, log: Logger, clock: Clock) {
  const store = await createStore(config.store, log);
  const github = createOctokit({
    baseUrl: config.github.apiUrl,
    auth: config.github.auth,
    log,
    timeoutMs: config.github.timeoutMs,
  });
  const metrics = createMetrics({
    githubFetched: () => github.etags.fetched,
    githubNotModified: () => github.etags.notModified,
    githubRequests: () => github.requests,
  });
  const slack = createSlackApp({
    botToken: config.slack.botToken,
    ...(config.slack.appToken ? { appToken: config.slack.appToken } : {}),
    ...(config.slack.signingSecret ? { signingSecret: config.slack.signingSecret } : {}),
    apiUrl: config.slack.apiUrl,
    log,
    fetch: countedFetch((method, outcome) => metrics.slackCalls.inc({ method, outcome })),
  });
  return {
    store,
    github,
    ci: createGitHubCi(github.octokit),
    /** The same, for the cron cycle's looks: their reads wait behind everything else's. */
    pollingCi: createGitHubCi(github.octokit, 'polling'),
    forge: createGitHubFixes(github.octokit, config.github.auth.kind),
    jobLogs: countedJobLogs(createJobLogs(github.octokit), (outcome) => metrics.logReads.inc({ outcome })),
    slack,
    // Directory reads remembered a while: users.lookupByEmail is Tier 3, one author's burst of reds asks once.
    chat: cachedDirectory(createSlackChat(slack.client), clock),
    // Used only for repos with incidentChannels; their scopes are in the optional manifest section.
    channels: createSlackIncidentChannels(slack.client),
    // GitHub's public status page (not the API: no token, no rate limit of ours).
    statusPage: createGithubStatusPage(config.storms.statusUrl),
    metrics,
    ingress: createIngress(INGRESS_LIMITS, (route, reason) => metrics.refused.inc({ route, reason })),
  };
}
