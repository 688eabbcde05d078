import { resolve } from 'node:path';
import { FileConfig } from './config.js';
import { type ConfigFiles, readOptional } from './config-files.js';
import { describeIssues } from './describe-issues.js';
import { readYaml } from './read-yaml.js';

export interface ConfigFileRead {
  /** The file's settings with defaults filled in (all defaults without a file); absent when it has problems. */
  readonly settings?: FileConfig;
  /** The absolute path of the file read. */
  readonly configPath?: string;
  readonly problems: string[];
  /** False only when the file surely lists no repos (or there is no file). */
  readonly listsRepos: boolean;
}

/** Reads `OVERSEER_CONFIG`, else `./overseer.yml` when it exists. */
export function readConfigFile(vars: Record<string, string>, files: ConfigFiles): ConfigFileRead {
  const given = vars.OVERSEER_CONFIG;
  const name = given ?? 'overseer.yml';
  const configPath = resolve(files.cwd, name);
  const read = readOptional(files, configPath);
  if (read.problem !== undefined)
    return { problems: [`${given ? 'OVERSEER_CONFIG' : name}: ${read.problem}`], listsRepos: true };
  if (read.text === undefined) {
    if (given === undefined) return { settings: FileConfig.parse({}), problems: [], listsRepos: false };
    return { problems: [`OVERSEER_CONFIG: no file at ${configPath}`], listsRepos: true };
  }

  const yaml = readYaml(name, read.text);
  if (!yaml.ok) return { configPath, problems: yaml.problems, listsRepos: true };
  const data = yaml.file.data ?? {};
  const listsRepos = listsAnyRepo(data);
  const parsed = FileConfig.safeParse(data);
  if (parsed.success) return { settings: parsed.data, configPath, problems: [], listsRepos };

  const located = describeIssues(parsed.error, data, () => false).map((problem) => ({
    line: yaml.file.lineOf(problem.path),
    key: keyPath(problem.path),
    message: problem.message,
  }));
  located.sort((a, b) => a.line - b.line);
  const problems = located.map(
    ({ line, key, message }) => `${name}:${line}${key ? ` ${key}` : ''}: ${message}`,
  );
  return { configPath, problems, listsRepos };
}

function listsAnyRepo(data: unknown): boolean {
  if (typeof data !== 'object' || data === null || !('repos' in data)) return false;
  return !Array.isArray(data.repos) || data.repos.length > 0;
}

/** `['repos', 0, 'fix', 'workflow']` -> `repos[0].fix.workflow` */
function keyPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text;
}
