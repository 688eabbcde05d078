// A fake of GitHub's public status page: the Statuspage v2 components JSON
// (https://www.githubstatus.com/api, "Components": GET /api/v2/components.json answers
// `{page, components: [{id, name, status, ...}]}`, format https://developer.statuspage.io/#tag/components),
// with an ETag and If-None-Match answered 304 as RFC 9110 says
// (https://www.rfc-editor.org/rfc/rfc9110#name-if-none-match: weak comparison; `*` matches any).
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeStatusFailure = 'server-error' | 'bad-json' | 'hang' | 'not-found';

export interface FakeStatusPage {
  /** The components document's URL (OVERSEER_GITHUB_STATUS_URL). */
  readonly url: string;
  /** Requests so far, each with the If-None-Match it sent. */
  readonly requests: Array<{ readonly ifNoneMatch: string | undefined; readonly status: number }>;
  /** Sets the Actions component's status (the other components stay operational). */
  setActions(status: string): void;
  /** From now on every request fails this way (undefined: answers again). */
  fail(failure: FakeStatusFailure | undefined): void;
  close(): Promise<void>;
}

const PAGE = {
  id: 'kctbh9vrtdwd',
  name: 'GitHub',
  url: 'https://www.githubstatus.com',
  time_zone: 'Etc/UTC',
  updated_at: '2026-12-06T16:00:00.000Z',
};

function component(id: string, name: string, status: string, position: number) {
  return {
    id,
    name,
    status,
    created_at: '2017-01-31T20:05:05.370Z',
    updated_at: '2026-12-06T16:00:00.000Z',
    position,
    description: null,
    showcase: false,
    start_date: null,
    group_id: null,
    page_id: PAGE.id,
    group: false,
    only_show_if_degraded: false,
  };
}

function weakTag(tag: string): string {
  return tag.replace(/^W\//, '');
}

/** Starts the fake on a free local port; Actions starts operational. */
export async function startFakeStatusPage(): Promise<FakeStatusPage> {
  let actions = 'operational';
  let failure: FakeStatusFailure | undefined;
  const requests: Array<{ ifNoneMatch: string | undefined; status: number }> = [];
  const hanging = new Set<import('node:http').ServerResponse>();
  const body = () =>
    JSON.stringify({
      page: PAGE,
      components: [
        component('8l4ygp009s5s', 'Git Operations', 'operational', 1),
        component('brv1bkgrwx7q', 'API Requests', 'operational', 2),
        component('br0l2tvcx85d', 'Actions', actions, 6),
        component('st3j38cctv9l', 'Pages', 'operational', 8),
      ],
    });
  const server: Server = createServer((req, res) => {
    const ifNoneMatch = req.headers['if-none-match'];
    const answer = (status: number, headers: Record<string, string>, text?: string) => {
      requests.push({ ifNoneMatch, status });
      res.writeHead(status, headers);
      res.end(text);
    };
    if (failure === 'hang') {
      requests.push({ ifNoneMatch, status: 0 });
      hanging.add(res);
      return;
    }
    if (failure === 'server-error') return answer(503, { 'content-type': 'text/html' }, '<h1>503</h1>');
    if (failure === 'not-found') return answer(404, { 'content-type': 'text/html' }, 'Not found');
    if (failure === 'bad-json') return answer(200, { 'content-type': 'application/json' }, '{"page": {');
    const text = body();
    const etag = `W/"${createHash('sha256').update(text).digest('hex').slice(0, 32)}"`;
    const sent = (ifNoneMatch ?? '').split(',').map((tag) => weakTag(tag.trim()));
    if (sent.includes('*') || sent.includes(weakTag(etag))) return answer(304, { etag });
    answer(200, { 'content-type': 'application/json; charset=utf-8', etag }, text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v2/components.json`,
    requests,
    setActions(status) {
      actions = status;
    },
    fail(next) {
      failure = next;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
