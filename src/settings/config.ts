// The settings Overseer runs with, and the zod schemas that read overseer.yml into them.
import { z } from 'zod';
import { DECISION_ACTIONS, EVENT_KINDS } from '../escalation/domain/decision-rule.js';
import {
  ApproverId,
  BranchName,
  ChannelId,
  CronExpression,
  Duration,
  expecting,
  Flag,
  GITHUB_LOGIN,
  IsoDate,
  type LogLevel,
  listOf,
  matching,
  oneOf,
  RepoName,
  RerunBy,
  section,
  UserGroupId,
  UserId,
  WholeNumber,
  WorkflowFile,
} from './fields.js';
import type { GithubSettings } from './github-settings.js';
import type { StoreSettings } from './runtime-settings.js';
import type { SlackSettings } from './slack-settings.js';

export const DEFAULT_SCHEDULE = '*/5 * * * *';
const DEFAULT_WORKFLOW = 'ci.yml';

/** A word, one user ID (read as a list of one), or a list of user IDs. */
function target<const Words extends readonly [string, ...string[]]>(words: Words) {
  return z.xor(
    [oneOf(words), UserId.transform((id) => [id]), z.array(UserId).min(1)],
    expecting(`${words.join(', ')} or a list of Slack user IDs`),
  );
}

export const Target = target(['channel', 'here', 'oncall', 'author']);
export type Target = z.output<typeof Target>;

export const EscalationStep = section({
  after: Duration,
  notify: oneOf(['channel']).exactOptional(),
  mention: Target.exactOptional(),
  /** A direct message goes to people: `channel` and `here` make no sense for it. */
  dm: target(['oncall', 'author']).exactOptional(),
})
  .refine((step) => step.notify !== undefined || step.mention !== undefined || step.dm !== undefined, {
    error: 'a step needs notify, mention or dm',
  })
  .transform(({ after, ...actions }) => ({ afterMs: after, ...actions }));
export type EscalationStep = z.output<typeof EscalationStep>;

export const FixPlan = section({
  strategy: oneOf(['rerun', 'revert', 'dispatch', 'issue'], 'how to fix: rerun, revert, dispatch, issue'),
  workflow: WorkflowFile.exactOptional(),
  /** For `issue`: the GitHub login the issue is assigned to, such as a coding agent's account. */
  assignee: matching(GITHUB_LOGIN, 'a GitHub login such as octocat').exactOptional(),
  /** More GitHub logins (bots such as renovate[bot]) whose pull requests may be the fix. */
  authors: listOf(matching(GITHUB_LOGIN, 'a GitHub login such as octocat'), 'GitHub logins').exactOptional(),
}).refine((fix) => fix.strategy !== 'dispatch' || fix.workflow !== undefined, {
  path: ['workflow'],
  error: 'required when strategy is dispatch: the workflow file to dispatch, such as overseer-fix.yml',
});
export type FixPlan = z.output<typeof FixPlan>;

const EscalationSteps = listOf(EscalationStep, 'escalation steps');

export const RepoWatch = section({
  repo: RepoName,
  workflow: WorkflowFile.default(DEFAULT_WORKFLOW),
  branch: BranchName.exactOptional(),
  channel: ChannelId,
  fix: FixPlan.exactOptional(),
  users: z
    .record(z.string().regex(GITHUB_LOGIN), UserId, {
      error: (issue) =>
        issue.code === 'invalid_key'
          ? 'expected a GitHub login'
          : 'expected a mapping of GitHub login to Slack user ID',
    })
    .default(() => ({})),
  /** Re-run failed jobs once before paging: never, for failures seen flaky before, or always. */
  flakeRetry: oneOf(['off', 'known', 'all']).default('off'),
  /** A channel per incident. */
  incidentChannels: Flag.default(false),
  /** This repo's steps instead of the top-level `escalation`. */
  escalation: EscalationSteps.exactOptional(),
});
export type RepoWatch = z.output<typeof RepoWatch>;

/** Two entries watching the same repo, workflow and branch would open every incident twice. */
function sameWatch(a: Pick<RepoWatch, 'repo' | 'workflow' | 'branch'>, b: typeof a): boolean {
  return a.repo.toLowerCase() === b.repo.toLowerCase() && a.workflow === b.workflow && a.branch === b.branch;
}

const RepoWatches = listOf(RepoWatch, 'repositories to watch').superRefine((repos, ctx) => {
  for (const [index, repo] of repos.entries()) {
    if (repos.findIndex((other) => sameWatch(other, repo)) === index) continue;
    ctx.addIssue({
      code: 'custom',
      path: [index],
      message: `watches ${repo.repo} ${repo.workflow} a second time`,
    });
  }
});

export const Oncall = section({
  users: listOf(UserId, 'Slack user IDs in rotation order').default(() => []),
  usergroup: UserGroupId.exactOptional(),
  rotation: oneOf(['none', 'daily', 'weekly']).default('none'),
  start: IsoDate.exactOptional(),
}).refine((oncall) => oncall.users.length === 0 || oncall.usergroup === undefined, {
  path: ['usergroup'],
  error: 'set users or usergroup, not both',
});
export type Oncall = z.output<typeof Oncall>;

export const SelfHeal = section({
  enabled: Flag.default(false),
  originate: Flag.default(false),
  maxPerCycle: WholeNumber.default(1),
  maxOpenTasks: WholeNumber.default(3),
});
export type SelfHeal = z.output<typeof SelfHeal>;

const Pattern = z.string(expecting('a name or a glob such as acme/* or release/**')).trim().min(1);
const EventKind = oneOf(EVENT_KINDS);

/** One decision rule: what it matches (every field named must match) and what to do then. */
export const DecisionRule = section({
  repo: Pattern.exactOptional(),
  branch: Pattern.exactOptional(),
  workflow: Pattern.exactOptional(),
  event: z
    .xor([EventKind, z.array(EventKind).min(1)], expecting(`${EVENT_KINDS.join(', ')}, or a list of them`))
    .exactOptional(),
  action: oneOf(DECISION_ACTIONS, `what to do: ${DECISION_ACTIONS.join(', ')}`),
});
export type DecisionRule = z.output<typeof DecisionRule>;

/** Storms: one cause, one message (CONTRACT section 6). */
export const Storms = section({
  /** A red joins an open storm of its channel within this time of the storm's last red. */
  window: Duration.default(600_000),
  /** Read GitHub's public status page (built by the status-page part of issue 19). */
  githubStatus: Flag.default(true),
});
export type Storms = z.output<typeof Storms>;

const ApproverIds = listOf(ApproverId, 'Slack user IDs (U…) or user-group IDs (S…)');

/** overseer.yml: every key optional, every default filled in. `FileConfig.parse({})` is "no file". */
export const FileConfig = section({
  schedule: CronExpression.default(DEFAULT_SCHEDULE),
  selfHeal: SelfHeal.prefault({}),
  approvers: ApproverIds.default(() => []),
  admins: ApproverIds.exactOptional(),
  rerunBy: RerunBy.default('anyone'),
  oncall: Oncall.prefault({}),
  escalation: EscalationSteps.default(() => [{ afterMs: 0, notify: 'channel' as const }]),
  repeat: WholeNumber.default(0),
  /** Tried in order before the decision engine's defaults; the first that matches decides. */
  rules: listOf(DecisionRule, 'decision rules').default(() => []),
  repos: RepoWatches.default(() => []),
  storms: Storms.prefault({}),
});
export type FileConfig = z.output<typeof FileConfig>;

export interface Config extends Omit<FileConfig, 'admins' | 'storms'> {
  /** `storms:` of the file, with the status page's URL (OVERSEER_GITHUB_STATUS_URL). */
  storms: Storms & { statusUrl: string };
  slack: SlackSettings;
  github: GithubSettings;
  port: number;
  store: StoreSettings;
  /** Defaults to the approvers. */
  admins: string[];
  logLevel: LogLevel;
  /** The YAML file actually read, absolute. */
  configPath?: string;
}
