// Vitest reports an unhandled rejection without naming the test that was running, and with
// "message: undefined" when the reason is not an Error. This names both, so a rare one can be
// traced from a single CI log. Vitest still fails the run: this only adds the detail.
import { inspect } from 'node:util';
import { expect } from 'vitest';

const installed = Symbol.for('overseer.nameUnhandled');
const registry = globalThis as { [installed]?: true };
if (!registry[installed]) {
  registry[installed] = true;
  process.on('unhandledRejection', (reason) => {
    const test = expect.getState().currentTestName ?? '(between tests)';
    const detail = inspect(reason, { depth: 3 });
    process.stderr.write(`[unhandled rejection] during "${test}" (${typeof reason}): ${detail}\n`);
  });
}
