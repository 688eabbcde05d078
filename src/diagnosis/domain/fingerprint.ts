// One failure, recognised across runs: the job name plus its primary error line with the parts
// that change from run to run masked, hashed.
//
// Line numbers are masked with every other number: they move whenever unrelated code above them
// changes, and the same assertion failing at `config.rs:61` and at `config.rs:63` after an edit is
// the same failure. The price: two failures that differ only in a number are one fingerprint.
// The job name is taken as it is (a matrix job's name, "test (node 24)", is stable).

import { createHash } from 'node:crypto';

const MASKS: readonly (readonly [RegExp, string])[] = [
  // Timestamps: ISO 8601 (with or without T, fraction, zone), then clock times.
  [/\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:[.,]\d+)?)?(?:Z|[+-]\d\d:?\d\d)?/g, '<time>'],
  [/\b\d\d:\d\d:\d\d(?:[.,]\d+)?\b/g, '<time>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  // Paths under temporary directories (Linux, macOS, the runner's _temp, Windows).
  [/(?:\/home\/runner\/work\/_temp|\/tmp|\/var\/folders|\/private\/var\/folders)\/[^\s'"`)\]]*/g, '<tmp>'],
  [/\b[A-Za-z]:\\(?:a\\_temp|Users\\[^\\\s]+\\AppData\\Local\\Temp)\\[^\s'"`)\]]*/gi, '<tmp>'],
  // Host:port pairs, then durations.
  [/\b(localhost|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:]+\]):\d{2,5}\b/gi, '<host>:<port>'],
  [/\b\d+(?:\.\d+)?\s?(?:ns|µs|us|ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?)\b/g, '<dur>'],
  // Hex: 0x addresses, and hashes of 7+ hex digits holding at least one digit.
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  [/\b(?=[0-9a-f]*\d)[0-9a-f]{7,}\b/gi, '<hex>'],
  // Long base64: 20+ characters with an upper-case letter, a lower-case letter and a digit.
  [
    /(?=[A-Za-z0-9+/_-]*[A-Z])(?=[A-Za-z0-9+/_-]*[a-z])(?=[A-Za-z0-9+/_-]*\d)[A-Za-z0-9+/_-]{20,}={0,2}/g,
    '<blob>',
  ],
  [/\d+(?:\.\d+)?/g, '<n>'],
];

/** The error line with its volatile parts masked and its whitespace collapsed. */
export function normaliseErrorLine(line: string): string {
  let out = line;
  for (const [pattern, mark] of MASKS) out = out.replace(pattern, mark);
  return out.replace(/\s+/g, ' ').trim();
}

/** 16 hex digits of sha256 over the job name and the normalised error line. */
export function fingerprint(jobName: string, primaryLine: string): string {
  const key = `${jobName.trim()}\n${normaliseErrorLine(primaryLine)}`;
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}
