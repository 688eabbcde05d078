/** `owner/name` as the `{ owner, repo }` pair every Octokit repository endpoint takes. */
export function splitRepo(repo: string): { owner: string; repo: string } {
  const [owner = '', name = ''] = repo.split('/');
  return { owner, repo: name };
}
