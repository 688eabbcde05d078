import { shortSha } from '../../../diagnosis/domain/culprit.js';
import type {
  FixPlan,
  FixTask,
  FixTaskAuditEntry,
  FixTaskState,
} from '../../../fix-tasks/domain/fix-task.js';
import { isOpen } from '../../../fix-tasks/domain/fix-task-lifecycle.js';
import type { RefRole, WorkingOn } from '../../../talk/describe-working-on.js';
import { inlineText, link } from '../mrkdwn.js';
import { at, incidentLine, person, STANDS } from './working-on-words.js';

type TaskAnswer = Extract<WorkingOn, { kind: 'task' }>;

/** What an audit entry's action did, in words. */
const DID: Readonly<Record<string, string>> = {
  open: 'proposed the task',
  approve: 'approved',
  dismiss: 'dismissed',
  recovered: 'saw CI recover',
  expire: 'let it expire',
  'remedy-started': 'started the remedy',
  'pr-opened': 'saw the fix pull request opened',
  'checks-passed': "saw the pull request's checks pass",
  'merge-requested': 'asked for merge approval',
  merged: 'merged',
  verified: 'saw CI green',
  regressed: 'saw CI get worse',
  reverted: 'opened the revert',
  failed: 'failed it',
};

/** How a finished task ended, at a glance; the others get a plain circle. */
const FINISHED_ICONS: Partial<Record<FixTaskState, string>> = {
  verified: ':white_check_mark:',
  reverted: ':leftwards_arrow_with_hook:',
  failed: ':x:',
  dismissed: ':no_entry_sign:',
};

/** What a refused attempt tried to do, after "tried to". */
const TRIED: Readonly<Record<string, string>> = {
  approve: 'approve',
  dismiss: 'dismiss',
  'approve-merge': 'approve the merge',
};

const ROLE_WORDS: Readonly<Record<RefRole, string>> = {
  pr: 'the fix pull request',
  issue: 'the issue',
  revertPr: 'the pull request reverting the fix',
};

/** The audit entries shown, newest last. */
const AUDIT_SHOWN = 5;

function taskName(task: FixTask): string {
  return `*fix task ${inlineText(task.id, 20)}* on *${inlineText(task.watch.repo, 100)}*`;
}

function planWords(plan: FixPlan): string {
  const run = link(plan.run.url, `run #${plan.run.id}`);
  switch (plan.strategy) {
    case 'rerun':
      return `re-run the failed jobs of ${run} at \`${shortSha(plan.headSha)}\``;
    case 'revert':
      return `revert \`${shortSha(plan.commit)}\`${plan.pull ? ` (from ${link(plan.pull.url, `#${plan.pull.number}`)})` : ''}`;
    case 'dispatch':
      return `run the fix workflow \`${inlineText(plan.workflow, 100)}\` for ${run}`;
    case 'issue':
      return `open an issue about ${run}${plan.assignee ? ` for ${inlineText(plan.assignee, 40)}` : ''}`;
  }
}

/** Who did what to the task, and when: the people behind it. */
function deeds(task: FixTask, now: number): string[] {
  const lines: string[] = [];
  const when = (state: FixTaskState) => {
    const time = task.at[state];
    return time === undefined ? '' : ` ${at(time, now)}`;
  };
  if (task.approvedBy) lines.push(`Approved by ${person(task.approvedBy)}${when('starting')}`);
  if (task.mergeApprovedBy) lines.push(`Merge approved by ${person(task.mergeApprovedBy)}${when('merged')}`);
  if (task.dismissedBy) {
    const why = task.dismissReason ? `: ${inlineText(task.dismissReason, 300)}` : '';
    lines.push(`Dismissed by ${person(task.dismissedBy)}${when('dismissed')}${why}`);
  }
  if (task.failReason) lines.push(`Failed${when('failed')}: ${inlineText(task.failReason, 300)}`);
  return lines;
}

function githubLinks(task: FixTask): string | undefined {
  const { pr, issue, revertPr } = task.refs;
  const links = [
    pr && link(pr.url, `pull request #${pr.number}`),
    issue && link(issue.url, `issue #${issue.number}`),
    revertPr && link(revertPr.url, `revert #${revertPr.number}`),
  ].filter((text) => text !== undefined);
  return links.length === 0 ? undefined : `GitHub: ${links.join(' · ')}`;
}

function auditLine(entry: FixTaskAuditEntry, now: number): string {
  const action = inlineText(entry.action.replaceAll('-', ' '), 40);
  const who = person(entry.actor);
  if (entry.outcome === 'refused') {
    const why = entry.reason ? ` (${inlineText(entry.reason, 120)})` : '';
    return `• ${at(entry.at, now)} ${who} tried to ${TRIED[entry.action] ?? action}: refused${why}`;
  }
  const why = entry.reason ? `: ${inlineText(entry.reason, 120)}` : '';
  return `• ${at(entry.at, now)} ${who} ${DID[entry.action] ?? action}${why}`;
}

function auditLines(task: FixTask, now: number): string[] {
  const shown = task.audit.slice(-AUDIT_SHOWN);
  const older = task.audit.length - shown.length;
  const heading = older > 0 ? `*History* (the latest ${shown.length} of ${task.audit.length}):` : '*History*';
  return [heading, ...shown.map((entry) => auditLine(entry, now))];
}

function taskHeadline(task: FixTask): string {
  const stands = STANDS[task.state];
  if (task.state === 'pending')
    return `:hourglass: Overseer proposed ${taskName(task)} and holds it: ${stands}. Nobody has taken it on yet.`;
  if (isOpen(task))
    return `:arrows_counterclockwise: Overseer is working on it: ${taskName(task)} is ${stands}.`;
  const icon = FINISHED_ICONS[task.state] ?? ':white_circle:';
  return `${icon} Overseer is no longer working on it: ${taskName(task)} is ${stands}.`;
}

/** The answer about one fix task: where it stands, who did what to it, its links and history. */
export function renderWorkingOnTask({ task, incident, matched, now }: TaskAnswer): string {
  const lines: string[] = [];
  if (matched !== undefined) {
    const ref = task.refs[matched];
    const name = ref ? link(ref.url, `${task.watch.repo}#${ref.number}`) : '';
    lines.push(`${name} is ${ROLE_WORDS[matched]} of fix task ${inlineText(task.id, 20)}.`);
  }
  lines.push(taskHeadline(task), `• Plan: ${planWords(task.plan)}`);
  for (const deed of deeds(task, now)) lines.push(`• ${deed}`);
  const links = githubLinks(task);
  if (links) lines.push(`• ${links}`);
  lines.push(`• ${incidentLine(incident, now)}`, ...auditLines(task, now));
  return lines.join('\n');
}
