import { Counter, Gauge, type Registry } from 'prom-client';

/** GitHub requests as the client counted them, attempt by attempt, and the budget left. */
export interface GitHubSample {
  githubNotModified(): number;
  githubFetched(): number;
  githubRequests(): {
    readonly ok: number;
    readonly notModified: number;
    readonly error: number;
    readonly rateLimited: number;
    readonly remaining?: number;
    readonly reset?: number;
    /** Requests held to stay under GitHub's secondary limit: waited (and for how long), gave up. */
    readonly pacing?: {
      readonly waited: number;
      readonly waitedMs: number;
      readonly refused: number;
      readonly othersSpent?: number;
    };
  };
}

/** GitHub's series, read from the client's own counts each time /metrics is scraped. */
export function registerGitHubSeries(registry: Registry, sample: GitHubSample): void {
  new Gauge({
    name: 'overseer_github_requests',
    help: 'GitHub GETs since start: fetched (counted against the rate limit) or not_modified (304, free)',
    labelNames: ['outcome'],
    registers: [registry],
    collect() {
      this.set({ outcome: 'fetched' }, sample.githubFetched());
      this.set({ outcome: 'not_modified' }, sample.githubNotModified());
    },
  });
  new Counter({
    name: 'overseer_github_requests_total',
    help: 'GitHub requests (each attempt), by outcome: ok, not_modified (304, free), error, rate_limited (refused by GitHub or held back while it asked to wait)',
    labelNames: ['outcome'],
    registers: [registry],
    collect() {
      const counts = sample.githubRequests();
      this.reset();
      this.inc({ outcome: 'ok' }, counts.ok);
      this.inc({ outcome: 'not_modified' }, counts.notModified);
      this.inc({ outcome: 'error' }, counts.error);
      this.inc({ outcome: 'rate_limited' }, counts.rateLimited);
    },
  });
  new Gauge({
    name: 'overseer_github_rate_limit_remaining',
    help: 'GitHub REST requests left in the hour (x-ratelimit-remaining of the last answer); absent before one',
    registers: [registry],
    collect() {
      const { remaining } = sample.githubRequests();
      if (remaining === undefined) this.reset();
      else this.set(remaining);
    },
  });
  new Gauge({
    name: 'overseer_github_rate_limit_reset_seconds',
    help: 'When the GitHub REST budget is next reset (x-ratelimit-reset, Unix seconds)',
    registers: [registry],
    collect() {
      const { reset } = sample.githubRequests();
      if (reset === undefined) this.reset();
      else this.set(reset);
    },
  });
  new Counter({
    name: 'overseer_github_paced_total',
    help: "GitHub requests held back to stay under GitHub's secondary limit (900 points a minute, 100 in flight), by outcome: waited (then sent), gave_up (would have waited past the bound; not sent)",
    labelNames: ['outcome'],
    registers: [registry],
    collect() {
      const pacing = sample.githubRequests().pacing;
      this.reset();
      this.inc({ outcome: 'waited' }, pacing?.waited ?? 0);
      this.inc({ outcome: 'gave_up' }, pacing?.refused ?? 0);
    },
  });
  new Gauge({
    name: 'overseer_github_pacing_others_points',
    help: "Points of GitHub's secondary limit (900 a minute, the token's) the other replicas on the store spent in their last minute, as they last said: what this replica's pacer leaves them; 0 alone",
    registers: [registry],
    collect() {
      this.set(sample.githubRequests().pacing?.othersSpent ?? 0);
    },
  });
  new Counter({
    name: 'overseer_github_paced_seconds_total',
    help: "Time GitHub requests waited, in all, to stay under GitHub's secondary limit",
    registers: [registry],
    collect() {
      this.reset();
      this.inc((sample.githubRequests().pacing?.waitedMs ?? 0) / 1000);
    },
  });
}
