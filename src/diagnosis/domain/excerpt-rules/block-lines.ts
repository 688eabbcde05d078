// Small helpers the ecosystem rules share to cut a block out of a step's output lines.

const STACK = /^\s*at\s+\S/;
const CODE_FRAME = /^\s*>?\s*\d+\s*\|/;
const CARET = /^\s*\|\s*[\^~]+\s*$/;
const LIBRARY = /node_modules|\(node:|\(internal\/|^\s*at (?:new )?Promise\b|<anonymous>\)?$/;

export const isBlank = (line: string | undefined): boolean => (line ?? '').trim() === '';
export const isStackLine = (line: string): boolean => STACK.test(line);

/**
 * The lines of a failure block worth reading: blank lines dropped, a code frame reduced to the
 * line it points at, a stack trace reduced to its first frame outside libraries.
 */
export function readable(lines: readonly string[]): string[] {
  const out: string[] = [];
  let stackShown = false;
  lines.forEach((line, i) => {
    if (isBlank(line) || CARET.test(line)) return;
    if (CODE_FRAME.test(line)) {
      const pointed = /^\s*>/.test(line) || CARET.test(lines[i + 1] ?? '');
      if (pointed) out.push(line);
      return;
    }
    if (isStackLine(line)) {
      if (stackShown || LIBRARY.test(line)) return;
      stackShown = true;
    }
    out.push(line);
  });
  return out;
}

/** Index of the first line at or after `from` that matches `pattern`, or -1. */
export function indexFrom(lines: readonly string[], pattern: RegExp, from = 0): number {
  for (let i = from; i < lines.length; i += 1) if (pattern.test(lines[i] ?? '')) return i;
  return -1;
}

/** The lines from `from` up to (not including) the first that matches `end`, at most `max`. */
export function until(lines: readonly string[], from: number, end: RegExp, max = 40): string[] {
  const out: string[] = [];
  for (let i = from; i < lines.length && out.length < max; i += 1) {
    const line = lines[i] ?? '';
    if (i > from && end.test(line)) break;
    out.push(line);
  }
  return out;
}
