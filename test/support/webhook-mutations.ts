import { createRequire } from 'node:module';
import type { WebhookDefinition } from '@octokit/webhooks-examples';
import fc from 'fast-check';
import { hostileText } from './hostile-text.js';

/** The webhook events Overseer subscribes to (CONTRACT.md section 4). */
export const WEBHOOK_EVENTS = [
  'workflow_run',
  'workflow_job',
  'pull_request',
  'check_suite',
  'deployment_status',
] as const;

let examples: Array<{ event: string; payload: unknown }> | undefined;

/** Every example GitHub documents for those events (@octokit/webhooks-examples), read once. */
export function webhookExamples(): ReadonlyArray<{ event: string; payload: unknown }> {
  if (examples) return examples;
  const definitions = createRequire(import.meta.url)('@octokit/webhooks-examples') as WebhookDefinition[];
  examples = definitions
    .filter((definition) => (WEBHOOK_EVENTS as readonly string[]).includes(definition.name))
    .flatMap((definition) => definition.examples.map((payload) => ({ event: definition.name, payload })));
  return examples;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Paths of every value in a JSON document, containers included. */
function paths(node: Json, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const here = [prefix];
  if (Array.isArray(node)) return [...here, ...node.flatMap((child, i) => paths(child, [...prefix, i]))];
  if (node !== null && typeof node === 'object')
    return [...here, ...Object.entries(node).flatMap(([key, child]) => paths(child, [...prefix, key]))];
  return here;
}

/** What a field is replaced with: hostile text, another type, an extreme number, nothing. */
const Replacement = fc.oneof(
  hostileText(3),
  fc.constantFrom<Json | undefined>(
    undefined,
    null,
    true,
    0,
    -1,
    1e308,
    Number.MAX_SAFE_INTEGER + 2,
    '',
    [],
    {},
    'main',
    'acme/widgets',
    'completed',
    'failure',
  ),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
);

export interface MutatedDelivery {
  readonly event: string;
  readonly body: string;
}

/**
 * A documented delivery with a few of its fields (at any depth, the repository and the run
 * included) replaced, removed or retyped; sometimes sent under another event's name.
 */
export function mutatedDelivery(): fc.Arbitrary<MutatedDelivery> {
  return fc
    .record({
      example: fc.nat(),
      mutations: fc.array(fc.tuple(fc.nat(), Replacement), { minLength: 1, maxLength: 6 }),
      renamed: fc.option(fc.constantFrom(...WEBHOOK_EVENTS, 'ping', 'push', ''), { freq: 5, nil: undefined }),
    })
    .map(({ example, mutations, renamed }) => {
      const all = webhookExamples();
      const chosen = all[example % all.length] ?? { event: 'ping', payload: {} };
      let payload = structuredClone(chosen.payload) as Json;
      for (const [at, value] of mutations) {
        const every = paths(payload);
        const path = every[at % every.length] ?? [];
        payload = replaced(payload, path, value);
      }
      return { event: renamed ?? chosen.event, body: JSON.stringify(payload) ?? 'null' };
    });
}

function replaced(root: Json, path: ReadonlyArray<string | number>, value: Json | undefined): Json {
  if (path.length === 0) return value === undefined ? null : value;
  let parent: Json = root;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string, Json>)[key as string] as Json;
  const last = path.at(-1) as string | number;
  const container = parent as Record<string | number, Json>;
  if (value === undefined) {
    if (Array.isArray(container)) container.splice(Number(last), 1);
    else delete container[last];
  } else container[last] = value;
  return root;
}
