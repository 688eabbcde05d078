import type { ThreadNote } from '../../../incidents/domain/thread-note.js';
import { NAME_MAX, suspectsText } from '../incidents/incident-sections.js';
import { inlineCode, inlineText, joinWithin, link, mention } from '../mrkdwn.js';

/** A storm's thread notes: a watch that joined (its suspects), and a page made in another channel. */
export function renderStormNote(
  note: Extract<ThreadNote, { type: 'storm-joined' | 'storm-paged-elsewhere' }>,
): string {
  if (note.type === 'storm-paged-elsewhere') {
    const who = joinWithin(note.users.map(mention), { max: 1500, maxItems: 20, separator: ', ' });
    return (
      `:bell: Nobody was paged again for this storm: ${who} ${note.users.length === 1 ? 'was' : 'were'} ` +
      `paged for the same error in <#${note.channel}> within the storm window.`
    );
  }
  const { member } = note;
  const { repo, workflow, branch } = member.watch;
  const jobs = member.failingJobs.map((job) => inlineCode(job.name, NAME_MAX)).join(', ');
  return (
    `:rotating_light: *${inlineText(repo, NAME_MAX)}* (${inlineCode(workflow, NAME_MAX)} on ` +
    `${inlineCode(branch, NAME_MAX)}) joined this storm: ${jobs === '' ? 'its run failed' : `failing ${jobs}`} · ` +
    `${link(member.run.url, 'View failing run')}\n${suspectsText(member)}`
  );
}
