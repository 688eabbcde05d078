/** What a person asks `@Overseer` in an incident's thread. */
export type ThreadAsk = 'ack' | 'why' | 'oncall' | 'timeline' | 'status' | 'help' | 'other';

// Checked in this order: "why is CI red?" names red, "who is on call" is not a status.
const ASKS: readonly (readonly [ThreadAsk, RegExp])[] = [
  ['help', /^\W*(help|commands?|\?)\W*$/i],
  ['ack', /^\W*(ack|acknowledge[ds]?|i'?ll take (it|this)|taking (it|this)|mine)\b/i],
  ['why', /\b(why|what (broke|failed|is failing)|errors?|cause)\b/i],
  ['oncall', /\bon[- ]?call\b/i],
  ['timeline', /\b(timeline|history|what happened)\b/i],
  ['status', /\b(status|working on|doing|red|broken|failing|incidents?|state)\b/i],
];

/** The question in `text`, with mentions of users (the bot's own included) left out. */
export function parseThreadAsk(text: string): ThreadAsk {
  const asked = text.replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, '').trim();
  for (const [ask, words] of ASKS) if (words.test(asked)) return ask;
  return 'other';
}

export const THREAD_HELP = [
  'In an incident’s thread I answer about *that* incident:',
  '• `@Overseer status` or `what are you working on?`: where it stands',
  '• `@Overseer why is CI red?`: the failing jobs, steps and suspected commits',
  '• `@Overseer ack`: acknowledge it (stops its escalation), as the button does',
  '• `@Overseer timeline`: what happened to it, replies included',
  '• `@Overseer who is on call?`',
  'Elsewhere, `/overseer help` lists every command.',
].join('\n');

export const THREAD_POINTER = 'I did not get that. `@Overseer help` in this thread lists what I answer here.';
