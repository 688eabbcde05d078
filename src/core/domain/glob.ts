/**
 * Patterns as GitHub Actions filters write them, so a rule reads the way a workflow's `branches:`
 * does: `*` is any run of characters but `/`, `**` is any run at all, and every other character
 * stands for itself (`?`, `.`, `+` included). A pattern without `*` is an exact match.
 * `ignoreCase` is for repository names, which GitHub treats without regard to case; branch and
 * workflow names are case-sensitive.
 */
export function matchesGlob(pattern: string, text: string, options: { readonly ignoreCase?: boolean } = {}) {
  const source = pattern
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((literal) => literal.replace(/[\\^$.|?+()[\]{}]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  return new RegExp(`^${source}$`, options.ignoreCase ? 'i' : '').test(text);
}
