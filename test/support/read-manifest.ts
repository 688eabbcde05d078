import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** `manifest.yml` as text: what a person pastes into Slack's "From a manifest". */
export const MANIFEST_TEXT = readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8');

/** `manifest.yml` parsed as YAML 1.2; throws on anything Slack's parser would refuse to read. */
export function readManifest(): unknown {
  return parse(MANIFEST_TEXT, { strict: true, uniqueKeys: true, prettyErrors: true });
}
