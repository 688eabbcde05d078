import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Where the config comes from on disk; tests pass an in-memory one. */
export interface ConfigFiles {
  readonly cwd: string;
  /** The file's text, or `undefined` when it does not exist. Other failures throw. */
  read(path: string): string | undefined;
}

export function nodeFiles(cwd: string): ConfigFiles {
  return {
    cwd,
    read(path) {
      try {
        return readFileSync(resolve(cwd, path), 'utf8');
      } catch (error) {
        if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
}

/** Reads one optional file; a failure other than "missing" becomes a problem naming the error code. */
export function readOptional(files: ConfigFiles, path: string): { text?: string; problem?: string } {
  try {
    const text = files.read(path);
    return text === undefined ? {} : { text };
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unknown error';
    return { problem: `${path} could not be read (${code})` };
  }
}
