import { createHash } from 'node:crypto';
import { buildJobs, type JobSpec, pendingCopy, settleJobs } from './fake-github-jobs.js';

import type {
  AddRunOptions,
  AttemptState,
  CommitState,
  GitUser,
  RepoState,
  RunState,
  WorkflowState,
} from './fake-github-state.js';

export type { JobSpec, JobState, StepSpec, StepState } from './fake-github-jobs.js';
export type * from './fake-github-state.js';

export class GitHubModel {
  readonly repos = new Map<string, RepoState>();
  readonly runs = new Map<number, RunState>();
  readonly #now: () => number;
  #lastTime = 0;
  #ids = {
    repo: 500_000_000,
    workflow: 160_000_000,
    run: 1_000_000_000,
    job: 2_000_000_000,
    other: 3_000_000_000,
  };
  #shaCounter = 0;

  constructor(now: () => number) {
    this.#now = now;
  }

  nextId(kind: 'repo' | 'workflow' | 'run' | 'job' | 'other'): number {
    this.#ids[kind] += 1;
    return this.#ids[kind];
  }

  /** An ISO time (whole seconds) from the clock, strictly later than the previous one. */
  tick(): string {
    const seconds = Math.max(Math.floor(this.#now() / 1000), this.#lastTime + 1);
    this.#lastTime = seconds;
    return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
  }

  addRepo(fullName: string, opts: { defaultBranch?: string; private?: boolean } = {}): RepoState {
    const [owner, name, extra] = fullName.split('/');
    if (!owner || !name || extra !== undefined)
      throw new Error(`addRepo needs "owner/name", got "${fullName}"`);
    const repo: RepoState = {
      id: this.nextId('repo'),
      owner,
      name,
      fullName,
      defaultBranch: opts.defaultBranch ?? 'main',
      private: opts.private ?? false,
      branches: new Map(),
      commits: new Map(),
      workflows: new Map(),
      pulls: new Map(),
      issues: new Map(),
      comments: new Map(),
      nextNumber: 1,
    };
    this.repos.set(fullName.toLowerCase(), repo);
    return repo;
  }

  repo(fullName: string): RepoState {
    const repo = this.repos.get(fullName.toLowerCase());
    if (!repo) throw new Error(`fake GitHub has no repo "${fullName}"; call addRepo first`);
    return repo;
  }

  /** Appends a commit to `branch` (default: the default branch), creating the branch from the default one. */
  addCommit(
    repo: RepoState,
    opts: { message: string; author: GitUser; branch?: string; date?: string },
  ): CommitState {
    const branch = opts.branch ?? repo.defaultBranch;
    const parent = repo.branches.get(branch) ?? repo.branches.get(repo.defaultBranch);
    this.#shaCounter += 1;
    const sha = createHash('sha1')
      .update(`${repo.fullName}\n${this.#shaCounter}\n${opts.message}`)
      .digest('hex');
    const commit = {
      sha,
      parent,
      message: opts.message,
      author: opts.author,
      date: opts.date ?? this.tick(),
    };
    repo.commits.set(sha, commit);
    repo.branches.set(branch, sha);
    return commit;
  }

  /** A branch name, a full SHA or an unambiguous SHA prefix of 7+ characters. */
  resolve(repo: RepoState, ref: string): CommitState | undefined {
    const name = ref.replace(/^refs\/heads\//, '').replace(/^heads\//, '');
    const branchSha = repo.branches.get(name);
    if (branchSha) return repo.commits.get(branchSha);
    const exact = repo.commits.get(ref.toLowerCase());
    if (exact || ref.length < 7) return exact;
    const matches = [...repo.commits.values()].filter((c) => c.sha.startsWith(ref.toLowerCase()));
    return matches.length === 1 ? matches[0] : undefined;
  }

  /** `sha` and its ancestors, newest first. */
  history(repo: RepoState, sha: string): CommitState[] {
    const chain: CommitState[] = [];
    for (let c = repo.commits.get(sha); c; c = c.parent ? repo.commits.get(c.parent) : undefined)
      chain.push(c);
    return chain;
  }

  workflow(repo: RepoState, file: string, name?: string): WorkflowState {
    const existing = repo.workflows.get(file);
    if (existing) return existing;
    const workflow = {
      id: this.nextId('workflow'),
      file,
      name: name ?? file.replace(/\.ya?ml$/, ''),
      path: `.github/workflows/${file}`,
      createdAt: this.tick(),
    };
    repo.workflows.set(file, workflow);
    return workflow;
  }

  findWorkflow(repo: RepoState, idOrFile: string): WorkflowState | undefined {
    for (const workflow of repo.workflows.values()) {
      if (workflow.file === idOrFile || String(workflow.id) === idOrFile) return workflow;
    }
    return undefined;
  }

  addRun(repo: RepoState, opts: AddRunOptions): RunState {
    const workflow = this.workflow(repo, opts.workflow ?? 'ci.yml', opts.name);
    const branch = opts.branch ?? repo.defaultBranch;
    const headSha = opts.headSha ?? repo.branches.get(branch);
    if (!headSha)
      throw new Error(`addRun: branch "${branch}" of ${repo.fullName} has no commits; pass headSha`);
    const status = opts.status ?? 'completed';
    const conclusion = status === 'completed' ? (opts.conclusion ?? 'success') : null;
    const createdAt = opts.createdAt ?? this.tick();
    const runNumber = [...this.runs.values()].filter((r) => r.workflow === workflow).length + 1;
    const run: RunState = {
      id: this.nextId('run'),
      repo,
      workflow,
      branch,
      headSha,
      event: opts.event ?? 'push',
      runNumber,
      createdAt,
      actor: opts.actor ?? 'octocat',
      attempts: [],
    };
    const jobs = buildJobs(opts.jobs, {
      status,
      conclusion,
      at: createdAt,
      attempt: 1,
      nextId: () => this.nextId('job'),
    });
    run.attempts.push({ attempt: 1, status, conclusion, startedAt: createdAt, updatedAt: createdAt, jobs });
    this.runs.set(run.id, run);
    return run;
  }

  run(id: number): RunState {
    const run = this.runs.get(id);
    if (!run) throw new Error(`fake GitHub has no workflow run ${id}`);
    return run;
  }

  latest(run: RunState): AttemptState {
    const attempt = run.attempts.at(-1);
    if (!attempt) throw new Error(`workflow run ${run.id} has no attempts`);
    return attempt;
  }

  /** What POST …/rerun and …/rerun-failed-jobs do: a new queued attempt becomes the latest. */
  requestRerun(run: RunState, failedOnly: boolean): AttemptState {
    const previous = this.latest(run);
    const at = this.tick();
    const jobs = previous.jobs.map((job) =>
      pendingCopy(job, failedOnly, previous.attempt + 1, () => this.nextId('job')),
    );
    const attempt = {
      attempt: previous.attempt + 1,
      status: 'queued',
      conclusion: null,
      startedAt: at,
      updatedAt: at,
      jobs,
    };
    run.attempts.push(attempt);
    return attempt;
  }

  /** Completes the latest attempt; jobs still pending take `conclusion` (or their given specs). */
  completeAttempt(run: RunState, conclusion: string, jobs?: JobSpec[]): AttemptState {
    const attempt = this.latest(run);
    const at = this.tick();
    attempt.status = 'completed';
    attempt.conclusion = conclusion;
    attempt.updatedAt = at;
    const previous = run.attempts.at(-2)?.jobs ?? [];
    attempt.jobs = jobs
      ? buildJobs(jobs, {
          status: 'completed',
          conclusion,
          at,
          attempt: attempt.attempt,
          nextId: () => this.nextId('job'),
        })
      : settleJobs(attempt.jobs, previous, conclusion, at);
    return attempt;
  }
}
