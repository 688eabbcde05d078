import { describe, expect, it } from 'vitest';
import { fingerprint, normaliseErrorLine } from '../../../src/diagnosis/domain/fingerprint.js';

describe('normaliseErrorLine', () => {
  it.each([
    ['ISO timestamp', 'at 2026-08-14T05:58:44.3721294Z boom', 'at <time> boom'],
    ['clock time', 'Start at 05:58:42', 'Start at <time>'],
    ['UUID', 'HOME=/srv/800f5f84-ebc7-43e1-b649-e4c2c91bf1d7 x', 'HOME=/srv/<uuid> x'],
    ['runner temp path', "open '/home/runner/work/_temp/abc/x.sh' failed", "open '<tmp>' failed"],
    ['/tmp path', 'binary /tmp/kitlegal-e2e-2363664719/kitlegal crashed', 'binary <tmp> crashed'],
    ['Windows temp path', 'C:\\Users\\RUNNER~1\\AppData\\Local\\Temp\\x.ps1 failed', '<tmp> failed'],
    ['duration', 'took 235.378284ms, max 200ms, in 1m 19s', 'took <dur>, max <dur>, in <dur> <dur>'],
    ['port', 'connect ECONNREFUSED 127.0.0.1:54321', 'connect ECONNREFUSED <host>:<port>'],
    ['line and column', 'panicked at tests/config.rs:61:5:', 'panicked at tests/config.rs:<n>:<n>:'],
    ['commit hash', 'checkout 6877e36f1791f7002aba4788d4b3983d11e27210 failed', 'checkout <hex> failed'],
    ['address', 'object at 0x7fee90523f90>', 'object at <hex>>'],
    ['base64', 'sig aGVsbG8gd29ybGQgdGhpcyBpcw1234 bad', 'sig <blob> bad'],
    ['thread id', "thread 'x' (12567) panicked", "thread 'x' (<n>) panicked"],
  ])('masks a %s', (_what, line, expected) => {
    expect(normaliseErrorLine(line)).toBe(expected);
  });

  it('leaves words that merely look like hex alone', () => {
    expect(normaliseErrorLine('decade facade defaced')).toBe('decade facade defaced');
  });
});

describe('fingerprint', () => {
  it('is one fingerprint for the same failure on two runs', () => {
    const first = fingerprint(
      'integration (node 24)',
      "thread 'test_log_file_returns_some' (12569) panicked at tests/config.rs:61:5: took 1.23s in /tmp/cargo-x1/out at 2026-01-09T04:40:42Z",
    );
    const second = fingerprint(
      'integration (node 24)',
      "thread 'test_log_file_returns_some' (20001) panicked at tests/config.rs:64:5: took 0.98s in /tmp/cargo-q7/out at 2026-01-10T11:02:13Z",
    );
    expect(first).toBe(second);
    expect(first).toMatch(/^[0-9a-f]{16}$/);
  });

  it('is two fingerprints for two different failures', () => {
    const job = 'test';
    expect(fingerprint(job, "AssertionError: expected 'error' to be 'blocked'")).not.toBe(
      fingerprint(job, 'TypeError: Cannot read properties of undefined'),
    );
  });

  it('tells the same error in two jobs apart', () => {
    const line = 'Process completed with exit code 1.';
    expect(fingerprint('lint', line)).not.toBe(fingerprint('test', line));
  });
});
