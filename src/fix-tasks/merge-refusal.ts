import type { GitHubRefusal } from '../core/github-refusal.js';

/**
 * Why GitHub would not merge a fix pull request on Approve merge, by what a 403 or 429 said (see
 * github-refusal.ts), in words the approver can act on; never GitHub's own text.
 */
export function mergeRefusal(refusal: GitHubRefusal): string {
  switch (refusal.kind) {
    case 'rate-limited': {
      const limit = refusal.secondary ? 'a secondary rate limit' : 'the API rate limit';
      const wait = refusal.retryAfterS === undefined ? '' : ` (retry after ${refusal.retryAfterS} s)`;
      return `GitHub did not merge it: it hit ${limit}${wait}; press Approve merge again later`;
    }
    case 'no-permission':
      return 'GitHub refused the merge (403): the token needs Contents: Read and write and Pull requests: Read and write on this repo';
    case 'already-running':
    case 'forbidden':
      return 'GitHub refused the merge (403) without saying why (see the logs): branch protection may forbid it, or the token may need Contents: write';
  }
}
