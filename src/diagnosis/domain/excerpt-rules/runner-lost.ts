// The runner itself went away: GitHub's own words for it are the reason, whatever the step was
// printing: the shutdown signal in the log, or the lost-communication message.

import type { ExcerptRule } from './excerpt-rule.js';

const LOST =
  /^The runner has received a shutdown signal\b|lost communication with the server|^The self-hosted runner: .* lost communication|^The hosted runner: .* lost communication/;

export const runnerLostRule: ExcerptRule = {
  name: 'runner-lost',
  find(lines) {
    const line = lines.find((text) => LOST.test(text.trim()))?.trim();
    return line === undefined ? undefined : { lines: [line], primary: line };
  },
};
