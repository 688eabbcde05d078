import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { slackSurface } from '../../src/platform/slack/slack-surface.js';
import { readManifest } from '../support/read-manifest.js';
import { recordSlackListeners } from '../support/record-slack-listeners.js';

/** The parts of manifest.yml that follow from the code; the rest is Slack's schema's business. */
const SlackManifest = z.object({
  features: z.object({
    app_home: z
      .object({
        home_tab_enabled: z.boolean().optional(),
        messages_tab_enabled: z.boolean().optional(),
      })
      .optional(),
    slash_commands: z.array(z.object({ command: z.string(), usage_hint: z.string().optional() })).default([]),
  }),
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()).default([]) }) }),
  settings: z.object({
    event_subscriptions: z.object({ bot_events: z.array(z.string()).default([]) }).optional(),
    interactivity: z.object({ is_enabled: z.boolean() }).optional(),
  }),
});
type SlackManifest = z.infer<typeof SlackManifest>;

const manifest = (): SlackManifest => SlackManifest.parse(readManifest());
const events: readonly string[] = Object.keys(slackSurface.events);
const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

describe('manifest.yml asks Slack for what the code uses, and nothing else', () => {
  it('subscribes to exactly the bot events Overseer has listeners for', () => {
    const subscribed = manifest().settings.event_subscriptions?.bot_events ?? [];
    expect(subscribed).toHaveLength(new Set(subscribed).size);
    expect(sorted(subscribed)).toEqual(sorted(events));
  });

  it('asks for exactly the bot scopes of those events, the command and the Web API methods called', () => {
    const needed = [
      ...Object.values(slackSurface.events).flat(),
      ...slackSurface.command.scopes,
      ...Object.values(slackSurface.methods).flat(),
    ];
    const asked = manifest().oauth_config.scopes.bot;
    expect(asked).toHaveLength(new Set(asked).size);
    expect(sorted(asked)).toEqual(sorted(needed));
  });

  it('declares the one slash command with a usage hint of exactly its subcommands', () => {
    const commands = manifest().features.slash_commands;
    expect(commands.map(({ command }) => command)).toEqual([slackSurface.command.name]);
    expect(commands[0]?.usage_hint).toBe(slackSurface.command.usageHint);
  });

  it('shows the Home tab only when app_home_opened is handled', () => {
    const home = manifest().features.app_home;
    expect(home?.home_tab_enabled ?? false).toBe(events.includes('app_home_opened'));
  });

  it('lets people write to the app only when direct messages (message.im) are read', () => {
    const home = manifest().features.app_home;
    expect(home?.messages_tab_enabled ?? false).toBe(events.includes('message.im'));
  });

  it('turns interactivity on exactly when buttons or modal submissions have listeners', () => {
    const interactive = recordSlackListeners().filter(({ kind }) => kind === 'action' || kind === 'view');
    expect(manifest().settings.interactivity?.is_enabled ?? false).toBe(interactive.length > 0);
  });
});
