import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import version1 from '../fixtures/slack-app-manifest/manifest.schema.1.0.0.json' with { type: 'json' };
import version2 from '../fixtures/slack-app-manifest/manifest.schema.2.0.0.json' with { type: 'json' };
import entry from '../fixtures/slack-app-manifest/manifest.schema.json' with { type: 'json' };
import { readManifest } from '../support/read-manifest.js';

/** The ids the entry schema's `$ref`s use: the versions are registered under them, so nothing is fetched. */
const SCHEMA_URL = 'https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas';

function slackManifestValidator() {
  // The schemas are draft-07, Ajv's default draft. They describe fields in keywords Ajv does not
  // know, so strict mode (which rejects unknown keywords) is off; the checks themselves are not.
  const ajv = new Ajv({ allErrors: true, strict: false });
  formats.default(ajv, ['uri']);
  ajv.addSchema(version1, `${SCHEMA_URL}/manifest.schema.1.0.0.json`);
  ajv.addSchema(version2, `${SCHEMA_URL}/manifest.schema.2.0.0.json`);
  return ajv.compile(entry);
}

describe('manifest.yml', () => {
  it('is valid YAML, so Slack can read it when pasted', () => {
    expect(() => readManifest()).not.toThrow();
  });

  it("is a valid app manifest by Slack's published JSON schema", () => {
    const validate = slackManifestValidator();
    const valid = validate(readManifest());
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the validator refuses what Slack refuses', () => {
    const validate = slackManifestValidator();
    expect(validate({ display_information: { name: 'Overseer' } })).toBe(true);
    expect(validate({})).toBe(false);
    expect(validate({ display_information: { name: '' } })).toBe(false);
    expect(validate({ display_information: { name: 'Overseer' }, features: { app_home: { tab: 1 } } })).toBe(
      false,
    );
    expect(
      validate({
        display_information: { name: 'Overseer' },
        features: { slash_commands: [{ command: 'overseer', description: 'no leading slash' }] },
      }),
    ).toBe(false);
  });
});
