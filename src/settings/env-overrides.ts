import { z } from 'zod';
import {
  APPROVER_ID,
  BranchName,
  ChannelId,
  CronExpression,
  commaList,
  Duration,
  expecting,
  Flag,
  httpUrl,
  RepoName,
  RerunBy,
  USER_ID,
  UserGroupId,
  WholeNumber,
  WorkflowFile,
} from './fields.js';

/** GitHub's public status page, Statuspage v2 components format. */
export const GITHUB_STATUS_URL = 'https://www.githubstatus.com/api/v2/components.json';

const ApproverList = commaList(APPROVER_ID, 'Slack user IDs (U…) or user-group IDs (S…)');

const OncallList = z.xor(
  [
    UserGroupId.transform((usergroup) => ({ users: [], usergroup })),
    commaList(USER_ID, 'Slack user IDs').transform((users): { users: string[]; usergroup?: string } => ({
      users,
    })),
  ],
  expecting('comma-separated Slack user IDs (U…) in rotation order, or one user-group ID (S…)'),
);

/** Environment variables that override overseer.yml, or add a one-repo watch without it. */
export const EnvOverrides = z
  .object({
    OVERSEER_SCHEDULE: CronExpression.exactOptional(),
    OVERSEER_SELF_HEAL_ENABLED: Flag.exactOptional(),
    OVERSEER_ORIGINATE_ENABLED: Flag.exactOptional(),
    OVERSEER_MAX_PER_CYCLE: WholeNumber.exactOptional(),
    OVERSEER_MAX_OPEN_TASKS: WholeNumber.exactOptional(),
    OVERSEER_APPROVERS: ApproverList.exactOptional(),
    OVERSEER_ADMINS: ApproverList.exactOptional(),
    OVERSEER_ONCALL: OncallList.exactOptional(),
    OVERSEER_RERUN_BY: RerunBy.exactOptional(),
    OVERSEER_REPO: RepoName.exactOptional(),
    OVERSEER_WORKFLOW: WorkflowFile.exactOptional(),
    OVERSEER_BRANCH: BranchName.exactOptional(),
    OVERSEER_CHANNEL: ChannelId.exactOptional(),
    OVERSEER_STORM_WINDOW: Duration.exactOptional(),
    OVERSEER_GITHUB_STATUS: Flag.exactOptional(),
    OVERSEER_GITHUB_STATUS_URL: httpUrl('remove').default(GITHUB_STATUS_URL),
  })
  .superRefine(
    (env, ctx) => {
      if (env.OVERSEER_REPO === undefined || env.OVERSEER_CHANNEL !== undefined) return;
      ctx.addIssue({
        code: 'custom',
        path: ['OVERSEER_CHANNEL'],
        message:
          'required with OVERSEER_REPO: the ID of the Slack channel for its incidents, such as C0123ABCD',
      });
    },
    // Presence checks hold even when a value is malformed: report every problem at once.
    { when: () => true },
  );
export type EnvOverrides = z.output<typeof EnvOverrides>;
