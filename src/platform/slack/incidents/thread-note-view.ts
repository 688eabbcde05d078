import type { WatchRef } from '../../../core/domain/types.js';
import { shortSha } from '../../../diagnosis/domain/culprit.js';
import type { ThreadNote } from '../../../incidents/domain/thread-note.js';
import { actionsOperationalNote } from '../escalation/github-report-view.js';
import { formatDuration, inlineCode, inlineText, joinWithin, link, mention, userRef } from '../mrkdwn.js';
import { renderStormNote } from '../storms/storm-note-view.js';

const MAX_JOBS = 10;
const JOBS_MAX_CHARS = 1500;
const NAME_MAX = 100;

/** What an automatic re-run (flakeRetry) came to, said in the incident it did not prevent. */
export const AUTO_RETRY_WORDS = {
  failed: 'A re-run of the failed jobs was tried automatically before paging, and it failed too.',
  'timed-out':
    'A re-run of the failed jobs was tried automatically before paging; it did not pass within 20 min.',
  'newer-red':
    'A re-run of the failed jobs was tried automatically before paging; meanwhile a newer commit failed too.',
  'not-started':
    'A re-run of the failed jobs was to be tried automatically before paging, but GitHub refused it.',
} as const;

/**
 * The mrkdwn text of a reply in an incident's thread. `watch`, when given, names the workflow and
 * branch in the repeated-flake call-out; without it the note says "this workflow".
 */
export function renderThreadNote(note: ThreadNote, watch?: WatchRef): string {
  switch (note.type) {
    case 'still-red': {
      const { commit } = note;
      const author = userRef(commit.slackUserId, commit.authorLogin ?? commit.authorName);
      const more = note.otherNewCommits > 0 ? ` (and ${plural(note.otherNewCommits, 'more commit')})` : '';
      const head = `${sha(commit.sha)} ${inlineText(commit.title, 120)} — ${author}${more}`;
      return `:red_circle: Still red at ${head}. Failing: ${jobs(note.failingJobs)}. ${viewRun(note.runUrl)}`;
    }
    case 'failed-again':
      return (
        `:red_circle: Re-run attempt ${note.attempt} of ${sha(note.sha)} failed again: ` +
        `${jobs(note.failingJobs)}. ${viewRun(note.runUrl)}`
      );
    case 'recovered':
      return (
        `:large_green_circle: CI is green again at ${sha(note.sha)} after ${formatDuration(note.redForMs)}. ` +
        viewRun(note.runUrl)
      );
    case 'flaky': {
      const kind = note.flakedJobs.length === 1 ? 'flaky job' : 'flaky jobs';
      const text =
        `:large_yellow_circle: A re-run of ${sha(note.sha)} passed after ${formatDuration(note.redForMs)} red: ` +
        `${kind} ${jobs(note.flakedJobs)}. ${viewRun(note.runUrl)}`;
      if (!note.repeated) return text;
      const where =
        watch === undefined ? 'This workflow' : `${code(watch.workflow)} on ${code(watch.branch)}`;
      return (
        `${text}\n:warning: ${where} has flaked ${plural(note.flakesToday, 'time')} in 24h — ` +
        'consider fixing or quarantining these jobs.'
      );
    }
    case 'rerun-requested':
      return (
        `${userRef(note.userId, note.userId)} asked for a re-run of the failed jobs ` +
        `(attempt ${note.attempt} is starting).`
      );
    case 'acknowledged':
      return `${userRef(note.userId, note.userId)} acknowledged this incident.`;
    case 'auto-retry':
      return `:repeat: ${AUTO_RETRY_WORDS[note.outcome]} ${viewRun(note.runUrl)}`;
    case 'storm-joined':
    case 'storm-paged-elsewhere':
      return renderStormNote(note);
    case 'actions-operational':
      return actionsOperationalNote(note.status);
    case 'proposal-set-aside':
      return (
        `:warning: No fix task could be proposed for this incident: ${inlineText(note.reason, 300)}. ` +
        'It is not tried again; *Re-run failed jobs* and fixing by hand work as usual.'
      );
    case 'fix-alert': {
      const icon = {
        'action-required': ':raised_hand:',
        regressed: ':rotating_light:',
        failed: ':x:',
        held: ':double_vertical_bar:',
      }[note.alert];
      const who = note.mention.map(mention).join(' ');
      const where = note.url === undefined ? '' : ` ${link(note.url, 'Open it on GitHub')}`;
      const task = `Fix task ${inlineText(note.taskId, 20)}`;
      return `${icon} ${who ? `${who} ` : ''}${task}: ${inlineText(note.detail, 400)}.${where}`;
    }
  }
}

function code(text: string): string {
  return inlineCode(text, NAME_MAX);
}

function sha(value: string): string {
  return code(shortSha(value));
}

function jobs(names: readonly string[]): string {
  if (names.length === 0) return 'no job reported';
  const items = names.map((name) => inlineText(name, NAME_MAX));
  return joinWithin(items, { max: JOBS_MAX_CHARS, maxItems: MAX_JOBS, separator: ', ' });
}

function viewRun(url: string): string {
  return link(url, 'View run');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
