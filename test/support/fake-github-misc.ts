import { answerGraphql } from './fake-github-graphql.js';
import { userJson } from './fake-github-json.js';
import { failed, ok, type RouteContext, stringField } from './fake-github-routes.js';
import { jsonBody, type Router } from './http-fake-server.js';

export interface RateLimitState {
  limit: number;
  remaining: number;
  used: number;
  /** Epoch seconds. */
  reset: number;
}

/** GraphQL, the token's user, GitHub App installation tokens and /rate_limit. */
export function registerMiscRoutes(router: Router, ctx: RouteContext, rate: () => RateLimitState): void {
  router
    .add('POST', '/graphql', (req) => {
      const body = jsonBody(req.rawBody);
      const query = stringField(body, 'query');
      if (!query) return failed(400, 'A query attribute must be specified and must be a string.');
      const variables = ((typeof body.variables === 'object' && body.variables) || {}) as Record<
        string,
        unknown
      >;
      ctx.logs.graphqlRequests.push({ query, variables });
      const answer = ctx.graphql()?.(query, variables);
      return ok(answer === undefined ? answerGraphql(ctx, query, variables) : answer);
    })
    .add('GET', '/user', () => ok(userJson(ctx.login, ctx.api())))
    .add('POST', '/app/installations/{installation_id}/access_tokens', () => ({
      status: 201,
      body: {
        token: `ghs_fake${ctx.model.nextId('other')}`,
        expires_at: new Date(Date.now() + 3_600_000).toISOString(),
        permissions: { actions: 'write', contents: 'write', pull_requests: 'write', issues: 'write' },
        repository_selection: 'all',
      },
    }))
    .add('GET', '/rate_limit', () => {
      const { limit, remaining, used, reset } = rate();
      const core = { limit, remaining, used, reset, resource: 'core' };
      const other = (resource: string, size: number) => ({
        limit: size,
        remaining: size,
        used: 0,
        reset,
        resource,
      });
      return ok({
        resources: { core, search: other('search', 30), graphql: other('graphql', 5000) },
        rate: core,
      });
    });
}
