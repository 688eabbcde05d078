import { describe, expectTypeOf, it } from 'vitest';
import type { Config } from '../../src/settings/config.js';

/** The Config shape other modules were promised, written out by hand: the inferred type must match it. */
type Target = 'channel' | 'here' | 'oncall' | 'author' | string[];
interface PromisedConfig {
  slack: {
    botToken: string;
    appToken?: string;
    signingSecret?: string;
    apiUrl: string;
    mode: 'socket' | 'http';
  };
  github: {
    apiUrl: string;
    auth:
      | { kind: 'token'; token: string }
      | { kind: 'app'; appId: number; privateKey: string; installationId: number };
    webhookSecret?: string;
  };
  port: number;
  store: { kind: 'redis'; url: string } | { kind: 'embedded'; dataDir: string };
  schedule: string;
  selfHeal: { enabled: boolean; originate: boolean; maxPerCycle: number; maxOpenTasks: number };
  approvers: string[];
  admins: string[];
  rerunBy: 'anyone' | 'approvers';
  oncall: { users: string[]; usergroup?: string; rotation: 'none' | 'daily' | 'weekly'; start?: Date };
  escalation: Array<{ afterMs: number; notify?: 'channel'; mention?: Target; dm?: Target }>;
  repeat: number;
  repos: Array<{
    repo: string;
    workflow: string;
    branch?: string;
    channel: string;
    fix?: {
      strategy: 'rerun' | 'revert' | 'dispatch' | 'issue';
      workflow?: string;
      assignee?: string;
      authors?: string[];
    };
    users: Record<string, string>;
    flakeRetry: 'off' | 'known' | 'all';
    incidentChannels: boolean;
    escalation?: Array<{
      afterMs: number;
      notify?: 'channel';
      mention?: Target;
      dm?: 'oncall' | 'author' | string[];
    }>;
  }>;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  configPath?: string;
}

describe('Config', () => {
  it('has the promised shape, absent optionals omitted rather than undefined', () => {
    expectTypeOf<Config>().toExtend<PromisedConfig>();
    expectTypeOf<Config['slack']>().toEqualTypeOf<PromisedConfig['slack']>();
    expectTypeOf<Config['github']['auth']>().toEqualTypeOf<PromisedConfig['github']['auth']>();
    expectTypeOf<Config['store']>().toEqualTypeOf<PromisedConfig['store']>();
    expectTypeOf<Config['oncall']>().toEqualTypeOf<PromisedConfig['oncall']>();
    expectTypeOf<Config['repos']>().toEqualTypeOf<PromisedConfig['repos']>();
    expectTypeOf<Config['logLevel']>().toEqualTypeOf<PromisedConfig['logLevel']>();
    expectTypeOf<Config['escalation'][number]['mention']>().toEqualTypeOf<Target | undefined>();
  });
});
