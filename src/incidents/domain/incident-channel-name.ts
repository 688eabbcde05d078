/** Slack's longest channel name. */
export const MAX_CHANNEL_NAME = 80;

/**
 * The name of incident `episode`'s own channel for `repo` (`owner/name`): `ci-<name>-<episode>`,
 * made to fit Slack's rules (lowercase letters, numbers, hyphens and underscores, at most 80
 * characters). `attempt` counts the names tried: Slack answered `name_taken` for the ones before
 * (another workflow of the same repo, an archived channel of a store that was reset), so the
 * second is `…-2`, the third `…-3`. The repo part is cut, never the episode or the suffix.
 */
export function incidentChannelName(repo: string, episode: number, attempt = 1): string {
  const name = (repo.split('/').at(-1) ?? repo)
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
  const tail = `-${episode}${attempt > 1 ? `-${attempt}` : ''}`;
  const room = MAX_CHANNEL_NAME - 'ci-'.length - tail.length;
  const kept = name.slice(0, room).replace(/[-_]+$/, '') || 'repo';
  return `ci-${kept}${tail}`;
}
