import { z } from 'zod';

// The fields of a signed Slack request that Bolt and Overseer's listeners read, as Slack always
// sends them (https://docs.slack.dev/interactivity/implementing-slash-commands/,
// https://docs.slack.dev/reference/interaction-payloads/block_actions-payload,
// https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload,
// https://docs.slack.dev/apis/events-api/#callback-field). Anything else passes through unread.

const User = z.object({ id: z.string() });

const SlashCommand = z.object({ command: z.string(), user_id: z.string(), text: z.string() });

const BlockActions = z.object({
  type: z.literal('block_actions'),
  user: User,
  actions: z.array(z.object({ action_id: z.string(), value: z.string().optional() })),
});

/** What the inputs of a view hold: block_id -> action_id -> the element's state. */
const ViewState = z.object({
  values: z.record(
    z.string(),
    z.record(z.string(), z.object({ value: z.string().nullable().optional() }).passthrough()),
  ),
});

const ViewInteraction = z.union([
  z.object({
    type: z.literal('view_submission'),
    user: User,
    view: z.object({ callback_id: z.string(), private_metadata: z.string().optional(), state: ViewState }),
  }),
  z.object({
    type: z.literal('view_closed'),
    user: User,
    view: z.object({ callback_id: z.string(), private_metadata: z.string().optional() }),
  }),
]);

const EVENT_FIELDS: Readonly<Record<string, z.ZodType>> = {
  app_mention: z.object({
    user: z.string().optional(),
    text: z.string(),
    channel: z.string(),
    ts: z.string(),
  }),
  message: z.object({ channel: z.string(), text: z.string().optional() }),
  app_home_opened: z.object({ user: z.string(), tab: z.string().optional() }),
};

const EventCallback = z.object({
  type: z.literal('event_callback'),
  event: z
    .object({ type: z.string() })
    .passthrough()
    .superRefine((event, context) => {
      const fields = EVENT_FIELDS[event.type];
      if (fields !== undefined && !fields.safeParse(event).success)
        context.addIssue({ code: 'custom', message: `${event.type} without the fields Slack sends` });
    }),
});

/**
 * What Bolt reads of any body to tell its kind (`getTypeAndConversation`): `actions`, `event`,
 * `command`, `user` and `channel` have Slack's shapes whenever they are present at all, so a
 * submission with `actions: null` is not taken for a click.
 */
const BoltFields = z.object({
  actions: z.array(z.object({ action_id: z.string() })).optional(),
  event: z.object({ type: z.string() }).optional(),
  command: z.string().optional(),
  user: User.optional(),
  channel: z.object({ id: z.string() }).optional(),
});

/** The kinds of request Overseer reads; the one a body's `type` names first (see `SlackRequest`). */
const KINDS: ReadonlyMap<unknown, z.ZodType> = new Map<unknown, z.ZodType>([
  ['block_actions', BlockActions],
  ['view_submission', ViewInteraction],
  ['view_closed', ViewInteraction],
  ['event_callback', EventCallback],
]);
const ALL_KINDS = [SlashCommand, BlockActions, ViewInteraction, EventCallback];

/**
 * A request body Overseer can read: a slash command, a click, a view's submission or an event, with
 * Bolt's fields in Slack's shapes. It takes what the union of the four kinds intersected with
 * `BoltFields` takes, checked cheaper: the kind the body's `type` names (a command has none) is
 * tried first and the others only when it fails, and no parsed copy is merged. Each check reads
 * the body as Slack sent it.
 */
export const SlackRequest = z.unknown().superRefine((body, context) => {
  const refuse = () =>
    context.addIssue({
      code: 'custom',
      message: 'not a command, click, view submission or event Slack sends',
    });
  if (!BoltFields.safeParse(body).success) return refuse();
  const named = KINDS.get((body as { type?: unknown }).type) ?? SlashCommand;
  if (named.safeParse(body).success) return;
  if (!ALL_KINDS.some((kind) => kind !== named && kind.safeParse(body).success)) refuse();
});
