import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** `manifest.incident-channels.yml` parsed: the scopes a repo's `incidentChannels` adds. */
export function readOptionalManifest(): unknown {
  const text = readFileSync(new URL('../../manifest.incident-channels.yml', import.meta.url), 'utf8');
  return parse(text, { strict: true, uniqueKeys: true, prettyErrors: true });
}
