import type { WorkQuery } from '../../../talk/describe-working-on.js';
import { inlineText } from '../mrkdwn.js';

export type WorkingOnArgs =
  | { readonly ok: true; readonly query: WorkQuery }
  | { readonly ok: false; readonly error: string };

/** The forms `/overseer working-on` understands, said whenever it did not understand. */
export const WORKING_ON_FORMS =
  'Give a fix task (`T-3`), an incident as `/overseer status` shows it (`acme/widgets:ci.yml:main#4`), ' +
  'or a pull request or issue (`acme/widgets#123`, or its GitHub URL).';

const TASK = /^T-(\d+)$/i;
/** `owner/repo:workflow:branch#episode`; git forbids `:` in branch names, so the split is unambiguous. */
const INCIDENT = /^[\w.-]+\/[\w.-]+:[^:\s]+:[^:\s]+#\d+$/;
const GITHUB_REF = /^([\w.-]+\/[\w.-]+)#(\d+)$/;
/** `/owner/repo/pull/123`, `/owner/repo/issues/123`, with anything after (`/files`, `#issuecomment-…`). */
const GITHUB_PATH = /^\/([\w.-]+\/[\w.-]+)\/(?:pull|pulls|issues)\/(\d+)(?:\/.*)?$/;

/** A GitHub URL's repo and number, from github.com or a GitHub Enterprise Server host. */
function fromUrl(text: string): WorkQuery | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const match = GITHUB_PATH.exec(url.pathname);
  return match?.[1] && match[2] ? { kind: 'github', repo: match[1], number: Number(match[2]) } : undefined;
}

/**
 * The thing `/overseer working-on <id>` asks about. Slack may send a pasted URL as `<url>` or
 * `<url|label>`; both are read as the URL.
 */
export function parseWorkingOnArgs(args: readonly string[]): WorkingOnArgs {
  const [raw] = args;
  if (raw === undefined) return { ok: false, error: `What should I look up? ${WORKING_ON_FORMS}` };
  const text = raw.replace(/^<(https?:\/\/[^|>]+)(?:\|[^>]*)?>$/i, '$1');
  const task = TASK.exec(text);
  if (task) return { ok: true, query: { kind: 'task', taskId: `T-${Number(task[1])}` } };
  if (INCIDENT.test(text)) return { ok: true, query: { kind: 'incident', incidentId: text } };
  const ref = GITHUB_REF.exec(text);
  if (ref?.[1] && ref[2])
    return { ok: true, query: { kind: 'github', repo: ref[1], number: Number(ref[2]) } };
  const fromLink = fromUrl(text);
  if (fromLink) return { ok: true, query: fromLink };
  // A backtick would end the code span early.
  const shown = inlineText(text.replaceAll('`', "'"), 100);
  return { ok: false, error: `\`${shown}\` is not something I can look up. ${WORKING_ON_FORMS}` };
}
