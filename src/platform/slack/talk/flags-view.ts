import type { FlagOutcome } from '../../../settings/change-flag.js';
import type { FlagName } from '../../../settings/domain/settings-doc.js';
import type { FlagState, FlagsReport } from '../../../talk/describe-flags.js';
import { formatDuration, mention } from '../mrkdwn.js';

/** What each flag does, in words a person deciding on it needs. */
export const FLAG_DOES: Record<FlagName, string> = {
  'selfHeal.enabled': 'watch CI and post incidents',
  'selfHeal.originate': 'propose held fix tasks on a regression',
};

/** What turning a flag off stops: said in the confirmation and in the answer. */
export const FLAG_OFF_EFFECT: Record<FlagName, string> = {
  'selfHeal.enabled':
    'From the next check cycle no replica reads CI: no incident is opened or resolved, webhooks and `/overseer check` do nothing, and no fix task is opened.',
  'selfHeal.originate':
    'From the next regression no fix task is proposed; tasks already open go on as before.',
};

const SHORT: Record<FlagName, string> = { 'selfHeal.enabled': 'enabled', 'selfHeal.originate': 'originate' };

const onOff = (value: boolean) => (value ? 'on' : 'off');

/** "set off by <@U0ALICE> 2h ago" or "as configured". */
function provenance(flag: FlagState, now: number): string {
  if (flag.override === undefined) return `as configured (${onOff(flag.configured)})`;
  const who = flag.changed
    ? ` by ${mention(flag.changed.by)} ${formatDuration(now - flag.changed.at)} ago`
    : '';
  return `set ${onOff(flag.override)} from Slack${who}; configured ${onOff(flag.configured)}`;
}

/** One line per flag: name, what it does, value in force and who set it. */
export function flagLine(flag: FlagState, now: number): string {
  const value = `*${onOff(flag.value)}*`;
  // Originate counts only while enabled is on: say so when that is why it is off.
  const because =
    flag.name === 'selfHeal.originate' && !flag.value && (flag.override ?? flag.configured)
      ? ' (because `selfHeal.enabled` is off)'
      : '';
  return `\`${flag.name}\` (${FLAG_DOES[flag.name]}): ${value}${because}, ${provenance(flag, now)}`;
}

/** `/overseer flags`: both flags, or why they cannot be read. */
export function renderFlags(report: FlagsReport): string {
  if (!report.ok)
    return `:warning: The feature flags cannot be read (${report.cause}): nothing autonomous happens until they can.`;
  return [
    '*Feature flags*',
    ...report.flags.map((flag) => `• ${flagLine(flag, report.now)}`),
    'Admins change them with `/overseer flags &lt;enabled|originate&gt; &lt;on|off&gt;`; every replica follows at its next check, no restart needed.',
  ].join('\n');
}

/**
 * The answer to a flag change. `dormant`: this process started with self-heal off, so it runs no
 * check loop at all; turning `enabled` on from Slack takes effect on it only after a restart.
 */
export function flagAnswer(outcome: FlagOutcome, dormant: boolean): string {
  switch (outcome.kind) {
    case 'changed':
    case 'unchanged': {
      const { flag, value } = outcome;
      const head =
        outcome.kind === 'changed'
          ? `\`${flag}\` is now *${onOff(value)}*.`
          : `\`${flag}\` was already set *${onOff(value)}* from Slack: nothing changed.`;
      if (!value) return `${head} ${FLAG_OFF_EFFECT[flag]}`;
      const restart =
        dormant && flag === 'selfHeal.enabled'
          ? ' This replica started with OVERSEER_SELF_HEAL_ENABLED off, so it is dormant and starts reading CI only after a restart; replicas started with it on follow at their next check.'
          : ' Every replica follows at its next check; no restart needed.';
      return `${head}${restart}`;
    }
    case 'needs-confirmation':
      return `Turning \`${outcome.flag}\` off switches a protection off. ${FLAG_OFF_EFFECT[outcome.flag]} To do it, send \`/overseer flags ${SHORT[outcome.flag]} off confirm\`. Nothing changed.`;
    case 'not-allowed':
      return outcome.admins.length === 0
        ? 'Nobody may change feature flags: no admins are set (OVERSEER_ADMINS or admins in overseer.yml; they default to the approvers). Nothing changed.'
        : `Only Overseer's admins may change feature flags: ${outcome.admins.map(mention).join(', ')}. Nothing changed.`;
    case 'failed':
      return `The flag change could not be recorded (${outcome.cause}). Nothing changed; try again in a minute.`;
  }
}
