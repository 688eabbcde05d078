import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { slackSurface } from '../../src/platform/slack/slack-surface.js';
import version1 from '../fixtures/slack-app-manifest/manifest.schema.1.0.0.json' with { type: 'json' };
import version2 from '../fixtures/slack-app-manifest/manifest.schema.2.0.0.json' with { type: 'json' };
import entry from '../fixtures/slack-app-manifest/manifest.schema.json' with { type: 'json' };
import { readManifest } from '../support/read-manifest.js';
import { readOptionalManifest } from '../support/read-optional-manifest.js';

const SCHEMA_URL = 'https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas';

/** The optional section: bot scopes to add, and nothing else. */
const OptionalSection = z
  .object({ oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }).strict() }).strict() })
  .strict();
const BotScopes = z.object({ oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }) }) });

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
const optionalScopes = () => OptionalSection.parse(readOptionalManifest()).oauth_config.scopes.bot;
const neededScopes = sorted(Object.values(slackSurface.incidentChannels.methods).flat());

describe('manifest.incident-channels.yml asks for what incident channels use, and manifest.yml does not', () => {
  it('adds exactly the bot scopes of the incident channels section of the Slack surface, once each', () => {
    const asked = optionalScopes();
    expect(asked).toHaveLength(new Set(asked).size);
    expect(sorted(asked)).toEqual(neededScopes);
  });

  it('asks for none of them in the default manifest: an app without incident channels asks for nothing more', () => {
    const base = BotScopes.parse(readManifest()).oauth_config.scopes.bot;
    expect(base.filter((scope) => neededScopes.includes(scope))).toEqual([]);
  });

  it("leaves, added to manifest.yml, a valid app manifest by Slack's published JSON schema", () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    formats.default(ajv, ['uri']);
    ajv.addSchema(version1, `${SCHEMA_URL}/manifest.schema.1.0.0.json`);
    ajv.addSchema(version2, `${SCHEMA_URL}/manifest.schema.2.0.0.json`);
    const validate = ajv.compile(entry);
    const merged = structuredClone(readManifest()) as { oauth_config: { scopes: { bot: string[] } } };
    merged.oauth_config.scopes.bot.push(...optionalScopes());
    expect(validate(merged)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    // The check can fail: a scope longer than Slack allows is refused.
    merged.oauth_config.scopes.bot.push('x'.repeat(51));
    expect(validate(merged)).toBe(false);
  });
});
