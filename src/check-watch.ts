// Composition: one check with every capability's stage, in the order their hooks run. The check
// pipeline itself (ci/check-pipeline.ts) names no capability; this file is where they meet.
import { type CheckResult, type PipelineDeps, runCheck } from './ci/check-pipeline.js';
import type { CheckStage } from './ci/check-stage.js';
import type { WatchTarget } from './ci/watch-target.js';
import { type DiagnosisStageDeps, diagnosisStage } from './diagnosis/diagnosis-stage.js';
import { escalationStage } from './escalation/escalation-stage.js';
import { githubStatusStage } from './escalation/github-status-stage.js';
import { type FixTasksStageDeps, fixTasksStage } from './fix-tasks/fix-tasks-stage.js';
import { channelArchiveStage } from './incidents/channel-archive-stage.js';
import type { DrainDeps } from './incidents/drain-deps.js';
import { drainOutbox } from './incidents/drain-outbox.js';
import { historyStage } from './report/index.js';
import { type StormsStageDeps, stormsStage } from './storms/index.js';

export type { CheckResult };

export interface CheckDeps
  extends Omit<PipelineDeps, 'stages' | 'deliver'>,
    DrainDeps,
    DiagnosisStageDeps,
    Omit<FixTasksStageDeps, 'deliver' | 'ci'> {
  /** Storms (one cause, one message); absent, every red is an incident of its own. */
  readonly storms?: Pick<StormsStageDeps, 'scope' | 'windowMs' | 'findTarget'>;
}

/**
 * The stages of one check, in order: diagnosis (look-ups before deciding, the automatic re-run,
 * failure memory, error lines after the post), escalation (the decision on the event, schedule
 * the next step), GitHub's status (an opening red in an Actions outage pages nobody), incident
 * channels (queue archives), fix tasks (follow the episode, follow pull requests, propose,
 * release), the report's history (keep the facts of episodes that ended), storms (last: a red
 * that joined a storm is held silent after every other stage queued its work). Their `decide` hooks run in this order too: the decision reads
 * the incident diagnosis remembered, and fix tasks follow what the decision left.
 */
export function checkStages(deps: CheckDeps, deliver: PipelineDeps['deliver']): CheckStage[] {
  const stages = [
    diagnosisStage(deps),
    escalationStage(deps),
    githubStatusStage(deps),
    channelArchiveStage(deps),
    fixTasksStage({ ...deps, deliver }),
    historyStage(deps),
  ];
  if (deps.storms !== undefined) stages.push(stormsStage({ ...deps, ...deps.storms, deliver }));
  return stages;
}

/** One look at one watch with every capability's stage (see ci/check-pipeline.ts). */
export function checkWatch(deps: CheckDeps, target: WatchTarget): Promise<CheckResult> {
  const deliver = (at: WatchTarget) => drainOutbox(deps, at);
  return runCheck({ ...deps, stages: checkStages(deps, deliver), deliver }, target);
}
