// What an ecosystem rule answers: the block of a job log that reports why a step failed.

/** The lines that report one failure, as a rule found them. */
export interface ExcerptBlock {
  /** The failure's own lines, in log order: message, expected and actual, location. */
  readonly lines: readonly string[];
  /** The line that states the failure (assertion message, compiler error, error code). */
  readonly primary: string;
  /** The test or file the block is about; shown above the block when no line of it names it. */
  readonly title?: string;
  /** The other failures of the same run, by name, and what they are ("failing tests", "errors"). */
  readonly others?: { readonly noun: string; readonly names: readonly string[] };
}

/** One ecosystem's way of finding its failure block among a step's output lines. */
export interface ExcerptRule {
  readonly name: string;
  /** `lines` are the step's output (no timestamps, no ANSI codes, no step header). */
  find(lines: readonly string[]): ExcerptBlock | undefined;
}
