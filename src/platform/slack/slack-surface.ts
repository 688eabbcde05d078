const subcommands = {
  status: { args: '', does: 'what is watched, what is red, what Overseer is doing' },
  check: { args: '[owner/repo]', does: 'check CI now instead of waiting for the schedule' },
  pause: {
    args: '[duration] [reason]',
    does: 'admins: hold fix tasks for a while (default 4h; 30m, 2h, 1d); incidents are still posted',
  },
  resume: { args: '', does: 'admins: lift the pause' },
  tasks: { args: '', does: 'the open fix tasks and where each stands' },
  'working-on': {
    args: '<id>',
    does: 'is this fix task (T-3), incident or pull request/issue (owner/repo#123) being handled, and by whom',
  },
  incidents: { args: '', does: 'the open incidents: how long red, who acknowledged, their fix tasks' },
  history: {
    args: '[owner/repo]',
    does: 'the red episodes of the last 30 days: opened and resolved (UTC), how long red, how it ended, who acknowledged',
  },
  report: {
    args: '[owner/repo] [7d|14d|30d]',
    does: 'the CI health report: time red, episodes, time to green and to acknowledge, flakes, failures seen most, fix tasks, against the period before; the chart comes in a DM',
  },
  flags: {
    args: '[enabled|originate on|off]',
    does: 'the feature flags and who set them; admins: turn one on or off (off needs `confirm`)',
  },
  ack: {
    args: '<incident>',
    does: 'acknowledge an incident (its ID is under its message): stops its escalation',
  },
  oncall: { args: '', does: 'who is on call now, who is next, and when it changes' },
  help: { args: '', does: 'this list' },
} as const;

/**
 * What Overseer asks of Slack, declared once: the bot events it listens to, the slash command and
 * its subcommands, and the bot scopes behind every Web API method it calls with the bot token. The
 * listeners register from this, and `manifest.yml` asks for exactly this and no more (tests hold
 * both: test/adapters/slack/slack-surface.test.ts and test/manifest/manifest-surface.test.ts).
 */
export const slackSurface = {
  /** Bot events with a listener, each with the bot scopes Slack needs to send it. */
  events: {
    app_mention: ['app_mentions:read'],
    // Direct messages to the bot (its Messages tab); Bolt sees them as `message`, channel_type im.
    'message.im': ['im:history'],
    // People's replies in an incident message's thread, kept on its timeline; in public and in
    // private channels. Bolt sees them as `message`, channel_type channel or group.
    'message.channels': ['channels:history'],
    'message.groups': ['groups:history'],
    // The Home tab; the event itself needs no scope.
    app_home_opened: [],
  },
  command: {
    name: '/overseer',
    scopes: ['commands'],
    subcommands,
    /** The manifest's `usage_hint`; the help text lists the same usages. */
    usageHint: Object.entries(subcommands)
      .map(([name, { args }]) => `${name} ${args}`.trim())
      .join(' | '),
  },
  /**
   * Web API methods called with the bot token, each with the bot scopes it needs. Bolt's own calls
   * need none (auth.test; apps.connections.open uses the app-level token), and answers to a
   * command's response_url are not Web API calls.
   */
  methods: {
    'chat.postMessage': ['chat:write'],
    'chat.update': ['chat:write'],
    'chat.postEphemeral': ['chat:write'],
    // Escalation and admin DMs: the DM is opened first, so Slack names a user it will never let
    // the bot DM (user_not_found, user_disabled, cannot_dm_bot) and that DM alone is set aside.
    'conversations.open': ['im:write'],
    // The incident's link in an escalation DM; Slack asks no scope for it.
    'chat.getPermalink': [],
    // Finding an incident message again after a crash, in public and in private channels, and an
    // escalation DM in the bot's DM with that person.
    'conversations.history': ['channels:history', 'groups:history', 'im:history'],
    // Finding a reply in an incident's thread again after a crash (a page, a note).
    'conversations.replies': ['channels:history', 'groups:history'],
    // Slack grants users:read.email only together with users:read.
    'users.lookupByEmail': ['users:read', 'users:read.email'],
    'usergroups.users.list': ['usergroups:read'],
    // The Dismiss form. Needs no scope: the trigger_id of the click is the permission. Its
    // submission comes to the interactivity request URL, as button clicks do.
    'views.open': [],
    // The Home tab's dashboard. Needs no scope: a bot may publish the Home tab of its own app.
    'views.publish': [],
    // The CI health report's chart: Slack's upload flow (platform/slack/report/slack-file-upload.ts).
    'files.getUploadURLExternal': ['files:write'],
    'files.completeUploadExternal': ['files:write'],
  },
  /**
   * Optional: a channel per incident for repos with `incidentChannels: true`. Their scopes are not
   * in `manifest.yml` but in `manifest.incident-channels.yml`, which the README says how to add,
   * so an app without the option asks for nothing more. The channel is public and created by the
   * bot, so it is a member: no join, no private-channel scope.
   */
  incidentChannels: {
    methods: {
      'conversations.create': ['channels:manage'],
      'conversations.invite': ['channels:manage'],
      'conversations.archive': ['channels:manage'],
      'pins.add': ['pins:write'],
    },
  },
} as const;

export type OverseerSubcommand = keyof typeof subcommands;
export type SlackBotEvent = keyof typeof slackSurface.events;
