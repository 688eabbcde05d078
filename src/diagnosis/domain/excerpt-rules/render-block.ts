// A rule's block as an excerpt shows it: its title above it when no line names it, the block
// dedented, then one line naming the other failures; within the excerpt's bounds, cutting the
// end of the block first (its first lines state the failure).

import type { ExcerptBlock } from './excerpt-rule.js';

export interface RenderBounds {
  readonly maxLines: number;
  readonly maxChars: number;
  readonly maxLineChars: number;
}

export interface RenderedBlock {
  readonly lines: readonly string[];
  readonly cut: boolean;
}

function dedent(lines: readonly string[]): string[] {
  const indents = lines
    .filter((line) => line.trim() !== '')
    .map((line) => /^\s*/.exec(line)?.[0].length ?? 0);
  const common = indents.length === 0 ? 0 : Math.min(...indents);
  return lines.map((line) => line.slice(common).trimEnd());
}

function othersLine(block: ExcerptBlock): string | undefined {
  const names = block.others?.names ?? [];
  if (names.length === 0 || block.others === undefined) return undefined;
  const noun = names.length === 1 ? block.others.noun.replace(/s$/, '') : block.others.noun;
  return `…and ${names.length} more ${noun}: ${names.join(', ')}`;
}

export function renderBlock(
  block: ExcerptBlock,
  bounds: RenderBounds,
  mask: (text: string) => string,
): RenderedBlock {
  let cut = false;
  const shorten = (text: string): string => {
    const masked = mask(text);
    if (masked.length <= bounds.maxLineChars) return masked;
    cut = true;
    return `${masked.slice(0, bounds.maxLineChars - 1)}…`;
  };
  const title = block.title?.trim();
  const named = title === undefined || block.lines.some((line) => line.includes(title));
  const body = [...(named ? [] : [title]), ...dedent(block.lines)].map(shorten);
  const others = othersLine(block);
  const tail = others === undefined ? [] : [shorten(others)];
  const room = bounds.maxLines - tail.length;
  if (body.length > room) cut = true;
  let lines = body.slice(0, Math.max(room, 1));
  const size = (): number => [...lines, ...tail].join('\n').length;
  while (size() > bounds.maxChars && lines.length > 1) {
    lines = lines.slice(0, -1);
    cut = true;
  }
  if (size() > bounds.maxChars)
    return { lines: [`${lines.join(' ').slice(0, bounds.maxChars - 1)}…`], cut: true };
  return { lines: [...lines, ...tail], cut };
}
