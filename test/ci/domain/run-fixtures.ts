import type { RunInfo } from '../../../src/core/domain/types.js';

let nextId = 1000;

/** A completed push run; `minute` orders runs in time (created at 2026-11-20T10:<minute>Z). */
export function run(overrides: Partial<RunInfo> & { minute?: number } = {}): RunInfo {
  const { minute = 0, ...rest } = overrides;
  const createdAt = new Date(Date.UTC(2026, 10, 20, 10, minute)).toISOString();
  const updatedAt = new Date(Date.UTC(2026, 10, 20, 10, minute + 5)).toISOString();
  nextId += 1;
  return {
    id: nextId,
    headSha: 'a'.repeat(40),
    attempt: 1,
    status: 'completed',
    conclusion: 'success',
    event: 'push',
    createdAt,
    updatedAt,
    url: `https://github.com/acme/widgets/actions/runs/${nextId}`,
    ...rest,
  };
}
