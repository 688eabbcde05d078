import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';

export interface YamlFile {
  /** The document as plain data; keys without a value are left out, as if absent. */
  readonly data: unknown;
  /** The 1-based line of the deepest key or item of `path` present in the file. */
  lineOf(path: readonly PropertyKey[]): number;
}

export type YamlRead = { ok: true; file: YamlFile } | { ok: false; problems: string[] };

/** `name` is how problems refer to the file, e.g. `overseer.yml:3: ...`. */
export function readYaml(name: string, text: string): YamlRead {
  const lineCounter = new LineCounter();
  // An error found at the end of the file (an unclosed bracket) is named on its last written line.
  const lastLine = Math.max(1, text.trimEnd().split('\n').length);
  const lineAt = (offset: number | undefined) =>
    offset === undefined ? 1 : Math.min(lineCounter.linePos(offset).line, lastLine);
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const problems = new Map<number, string>();
    for (const error of doc.errors) {
      const line = lineAt(error.pos[0]);
      if (!problems.has(line)) problems.set(line, `${name}:${line}: not valid YAML: ${error.message}`);
    }
    return { ok: false, problems: [...problems.values()] };
  }
  let data: unknown;
  try {
    data = withoutEmptyValues(doc.toJS());
  } catch (error) {
    return {
      ok: false,
      problems: [`${name}: not valid YAML: ${error instanceof Error ? error.message : 'unreadable'}`],
    };
  }
  return { ok: true, file: { data, lineOf: (path) => locate(doc.contents, path, lineAt) } };
}

function locate(root: unknown, path: readonly PropertyKey[], lineAt: (offset?: number) => number): number {
  let node = root;
  let line = lineAt(isNode(root) ? root.range?.[0] : undefined);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (pair === undefined) break;
      line = lineAt(isNode(pair.key) ? pair.key.range?.[0] : undefined);
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (!isNode(item)) break;
      line = lineAt(item.range?.[0]);
      node = item;
    } else {
      break;
    }
  }
  return line;
}

/** `oncall:` with everything below it commented out reads as "no oncall settings", not as an error. */
function withoutEmptyValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmptyValues);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const entries = Object.entries(value).filter(([, entry]) => entry !== null);
  return Object.fromEntries(entries.map(([key, entry]) => [key, withoutEmptyValues(entry)]));
}
