import type { FlagName } from '../../../settings/domain/settings-doc.js';
import type { Episode, EpisodesReport, WatchEpisodes } from '../../../talk/describe-episodes.js';
import type { FlagState, FlagsReport } from '../../../talk/describe-flags.js';
import type { StatusReport, WatchStatus } from '../../../talk/describe-status.js';
import { setAsideLines } from '../incidents/set-aside-view.js';
import { slackDate, truncate } from '../mrkdwn.js';
import { stormWords } from '../storms/storm-words.js';
import { episodeMark, messageWords, taskWords } from './episode-words.js';
import { FLAG_DOES, FLAG_OFF_EFFECT, flagLine } from './flags-view.js';
import { settingsLine, utcTime } from './pause-view.js';
import { taskLine, watchLine } from './status-view.js';

/** The toggle buttons' action; the value names the flag and the value asked for. */
export const FLAG_ACTION_ID = 'overseer_flag_set';

/** What the Home tab shows, read afresh each time it is published. */
export interface HomeData {
  readonly status: StatusReport;
  readonly flags: FlagsReport;
  readonly episodes: EpisodesReport;
  /** Admins see toggles; everyone else reads the flags. */
  readonly admin: boolean;
  /** A line to show on top: the answer to the toggle just pressed. */
  readonly notice?: string;
}

type Block = Record<string, unknown>;

/** Slack's limits: 100 blocks in a Home view, 3000 characters in a section's text. */
const MAX_WATCHES = 40;
const SECTION_MAX = 3000;

const section = (text: string, accessory?: Block): Block => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncate(text, SECTION_MAX) },
  ...(accessory ? { accessory } : {}),
});
const context = (text: string): Block => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });
const header = (text: string): Block => ({ type: 'header', text: { type: 'plain_text', text } });

function sameWatch(status: WatchStatus, held: WatchEpisodes): boolean {
  return (
    held.watch.repo.toLowerCase() === status.repo.toLowerCase() &&
    held.watch.workflow === status.workflow &&
    (status.branch === undefined || held.watch.branch === status.branch)
  );
}

/** "Last episodes: 🔴🟢🟡" and, for the open one, its age, acknowledgement, task and message. */
function episodeText(episodes: readonly Episode[], now: number): string[] {
  if (episodes.length === 0) return [];
  const lines = [`Last episodes kept: ${episodes.map(({ incident }) => episodeMark(incident)).join(' ')}`];
  // The watch line above names the open incident, its age and who acknowledged it; add where its
  // message is and its fix task.
  const open = episodes.find(({ incident }) => incident.status === 'open');
  if (open)
    lines.push(
      [
        `Incident ${messageWords(open, now)}`,
        ...(open.task ? [taskWords(open.task)] : []),
        ...[stormWords(open.incident)].filter((words) => words !== undefined),
      ].join(' · '),
    );
  return lines;
}

function watchBlocks(data: HomeData): Block[] {
  const { status: report, episodes } = data;
  if (report.watches.length === 0)
    return [section('Nothing is watched: set OVERSEER_REPO or list repos in overseer.yml.')];
  const held = episodes.ok ? episodes.watches : [];
  const blocks: Block[] = [];
  for (const status of report.watches.slice(0, MAX_WATCHES)) {
    const mine = held.find((watch) => sameWatch(status, watch))?.episodes ?? [];
    const lines = [watchLine(report, status), ...episodeText(mine, report.now)];
    if (status.task && !mine.some(({ task }) => task?.id === status.task?.id))
      lines.push(taskLine(status.task));
    blocks.push(section(lines.join('\n')));
  }
  const more = report.watches.length - MAX_WATCHES;
  if (more > 0) blocks.push(context(`…and ${more} more: \`/overseer status\` lists every watch.`));
  const refused = data.admin ? setAsideLines(report) : [];
  if (refused.length > 0) blocks.push(section(refused.join('\n')));
  if (!episodes.ok)
    blocks.push(context(`:warning: The incident history cannot be read (${episodes.cause}).`));
  return blocks;
}

const SHORT: Record<FlagName, string> = { 'selfHeal.enabled': 'enabled', 'selfHeal.originate': 'originate' };

/** A toggle for admins; turning a protection off asks first (Slack's confirm dialog). */
function toggle(flag: FlagState): Block {
  const next = !(flag.override ?? flag.configured);
  const button: Block = {
    type: 'button',
    action_id: FLAG_ACTION_ID,
    text: { type: 'plain_text', text: next ? 'Turn on' : 'Turn off' },
    value: JSON.stringify({ flag: flag.name, value: next }),
    ...(next ? { style: 'primary' } : { style: 'danger' }),
  };
  if (next) return button;
  return {
    ...button,
    confirm: {
      title: { type: 'plain_text', text: `Turn ${SHORT[flag.name]} off?` },
      text: {
        type: 'mrkdwn',
        text: `\`${flag.name}\` (${FLAG_DOES[flag.name]}) will be off. ${FLAG_OFF_EFFECT[flag.name]}`,
      },
      confirm: { type: 'plain_text', text: 'Turn off' },
      deny: { type: 'plain_text', text: 'Keep it on' },
      style: 'danger',
    },
  };
}

function flagBlocks(data: HomeData): Block[] {
  const { flags } = data;
  if (!flags.ok)
    return [
      section(
        `:warning: The feature flags cannot be read (${flags.cause}): nothing autonomous happens until they can.`,
      ),
    ];
  return [
    ...flags.flags.map((flag) => section(flagLine(flag, flags.now), data.admin ? toggle(flag) : undefined)),
    context(
      data.admin
        ? 'A change is stored at once and every replica follows it at its next check, no restart needed.'
        : 'Only Overseer’s admins can change these (`/overseer flags`).',
    ),
  ];
}

/** The Home tab: the pause banner, every watch with its state and incidents, and the flags. */
export function homeView(data: HomeData): Block {
  const { status } = data;
  const blocks: Block[] = [];
  if (data.notice) blocks.push(section(`:information_source: ${data.notice}`), { type: 'divider' });
  blocks.push(header('Overseer'));
  blocks.push(
    context(
      `Updated ${slackDate(status.now, utcTime(status.now, status.now))}. Reopen the tab to refresh. \`/overseer help\` lists every command.`,
    ),
  );
  if (status.dormant)
    blocks.push(section(':zzz: *Dormant*: OVERSEER_SELF_HEAL_ENABLED is off, so CI is not being read.'));
  const pause = settingsLine(status.settings, status.now);
  if (pause) blocks.push(section(pause));
  blocks.push({ type: 'divider' }, header('Watches'), ...watchBlocks(data));
  blocks.push({ type: 'divider' }, header('Feature flags'), ...flagBlocks(data));
  return { type: 'home', blocks };
}
