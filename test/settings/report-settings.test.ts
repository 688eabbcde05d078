import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/settings/load-config.js';
import { fakeFiles, VALID_ENV } from './fake-files.js';

type Env = Record<string, string | undefined>;

function load(env: Env, yaml?: string) {
  return loadConfig(
    yaml === undefined ? env : { ...env, OVERSEER_CONFIG: 'overseer.yml' },
    fakeFiles(yaml === undefined ? {} : { 'overseer.yml': yaml }),
  );
}

describe('the report settings', () => {
  it('default to Mondays 09:00 UTC over 7 days', () => {
    const result = load(VALID_ENV);
    expect(result.ok && result.config.report).toEqual({ schedule: '0 9 * * 1', days: 7 });
  });

  it('are read from report: in the file, and the environment wins', () => {
    const yaml = 'report:\n  schedule: "0 8 * * 5"\n  days: 14\n';
    const off = load(VALID_ENV, 'report:\n  schedule: ""\n');
    expect(off.ok && off.config.report).toEqual({ schedule: '', days: 7 });
    const fromFile = load(VALID_ENV, yaml);
    expect(fromFile.ok && fromFile.config.report).toEqual({ schedule: '0 8 * * 5', days: 14 });
    const fromEnv = load({ ...VALID_ENV, OVERSEER_REPORT_SCHEDULE: 'off', OVERSEER_REPORT_DAYS: '30' }, yaml);
    expect(fromEnv.ok && fromEnv.config.report).toEqual({ schedule: '', days: 30 });
  });

  it('refuse a bad schedule and a bad period, naming both', () => {
    const result = load({ ...VALID_ENV, OVERSEER_REPORT_SCHEDULE: 'mondays', OVERSEER_REPORT_DAYS: '0' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.problems.join('\n')).toMatch(/OVERSEER_REPORT_SCHEDULE: .*cron expression/);
    expect(result.error.problems.join('\n')).toMatch(/OVERSEER_REPORT_DAYS: .*1 to 90/);
  });
});
