import type { SettingsRead } from '../../../core/ports.js';
import type { PauseOutcome } from '../../../settings/change-pause.js';
import type { Pause } from '../../../settings/domain/settings-doc.js';
import { inlineText, mention } from '../mrkdwn.js';

/** What a pause does and does not stop, said wherever a pause is shown. */
export const PAUSE_EFFECT = 'Incidents are still posted; fix tasks will not be opened or started.';

/** `15:00 UTC` on the same UTC day as `now`, else `2026-12-02 15:00 UTC`. */
export function utcTime(at: number, now: number): string {
  const iso = new Date(at).toISOString();
  const time = `${iso.slice(11, 16)} UTC`;
  return iso.slice(0, 10) === new Date(now).toISOString().slice(0, 10) ? time : `${iso.slice(0, 10)} ${time}`;
}

/** The reason as text that pings nobody, ending the sentence. */
function because(reason: string): string {
  const text = inlineText(reason, 300);
  if (text === '') return ' (no reason given).';
  return /[.!?]$/.test(text) ? `: ${text}` : `: ${text}.`;
}

/** "Paused until 15:00 UTC by <@U0ALICE>: deploy freeze." */
export function pauseSentence(pause: Pause, now: number): string {
  return `Paused until ${utcTime(pause.until, now)} by ${mention(pause.by)}${because(pause.reason)}`;
}

/** The status line about the pause and flags: the pause in force, or that they cannot be read. */
export function settingsLine(read: SettingsRead, now: number): string | undefined {
  if (!read.ok)
    return `:warning: The pause and feature flags cannot be read (${read.cause}): nothing autonomous happens until they can. Incidents are still posted.`;
  const { pause } = read.settings;
  return pause === undefined
    ? undefined
    : `:double_vertical_bar: ${pauseSentence(pause, now)} ${PAUSE_EFFECT}`;
}

/** The answer to `/overseer pause` or `/overseer resume`, for the person who asked. */
export function pauseAnswer(outcome: PauseOutcome, action: 'pause' | 'resume'): string {
  switch (outcome.kind) {
    case 'paused': {
      const { pause, replaced } = outcome;
      const instead = replaced
        ? ` This replaces the pause ${mention(replaced.by)} set until ${utcTime(replaced.until, pause.since)}.`
        : '';
      return `${pauseSentence(pause, pause.since)} ${PAUSE_EFFECT}${instead} \`/overseer resume\` lifts it.`;
    }
    case 'resumed':
      return `Resumed: the pause ${mention(outcome.lifted.by)} set is lifted. Fix tasks may be opened and started again.`;
    case 'not-paused':
      return 'Overseer is not paused: nothing to resume.';
    case 'not-allowed':
      return outcome.admins.length === 0
        ? `Nobody may ${action} Overseer: no admins are set (OVERSEER_ADMINS or admins in overseer.yml; they default to the approvers). Nothing changed.`
        : `Only Overseer's admins may ${action} it: ${outcome.admins.map(mention).join(', ')}. Nothing changed.`;
    case 'failed':
      return `The ${action === 'pause' ? 'pause' : 'resume'} could not be recorded (${outcome.cause}). Nothing changed; try again in a minute.`;
  }
}
