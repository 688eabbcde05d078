export const NOTHING_WATCHED =
  'Nothing is watched yet: set OVERSEER_REPO and OVERSEER_CHANNEL, or list repos in overseer.yml (OVERSEER_CONFIG).';

const SEE_ALSO = 'See .env.example for every variable and manifest.yml for creating the Slack app.';

/** Every settings problem at once, one per line, each named by variable or by `file:line key.path`. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: readonly string[];

  /** `notes` are printed after the problems, e.g. {@link NOTHING_WATCHED}. */
  constructor(problems: readonly string[], notes: readonly string[] = []) {
    const count = problems.length === 1 ? '1 setting needs' : `${problems.length} settings need`;
    const lines = [
      `Overseer cannot start: ${count} attention.`,
      ...problems.map((problem) => `  - ${problem}`),
    ];
    super([...lines, ...notes, SEE_ALSO].join('\n'));
    this.problems = problems;
  }
}
