import { resolve } from 'node:path';
import { parse } from 'dotenv';
import { type ConfigFiles, readOptional } from './config-files.js';

export interface EnvRead {
  /** Every variable with a non-blank value, trimmed: `.env` first, the real environment over it. */
  readonly vars: Record<string, string>;
  readonly problems: string[];
}

/** Never touches process.env: the real environment comes in as `env`. */
export function readEnv(env: Record<string, string | undefined>, files: ConfigFiles): EnvRead {
  const dotenv = readOptional(files, resolve(files.cwd, '.env'));
  const merged: Record<string, string> = dotenv.text === undefined ? {} : parse(dotenv.text);
  for (const [name, value] of Object.entries(env)) {
    // A variable set in the real environment wins, even when set to empty (that unsets it).
    if (value !== undefined) merged[name] = value;
  }
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(merged)) {
    // An empty value, as in a copied .env.example, means "not set".
    if (value.trim() !== '') vars[name] = value.trim();
  }
  return { vars, problems: dotenv.problem === undefined ? [] : [`.env: ${dotenv.problem}`] };
}
