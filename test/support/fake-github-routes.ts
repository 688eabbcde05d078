import type { GitHubModel, RepoState } from './fake-github-model.js';
import type { FakeRequest, FakeResponse } from './http-fake-server.js';

/** What every group of fake GitHub routes shares: the model, the API origin, and the logs tests read. */

export interface RerunRequest {
  repo: string;
  runId: number;
  kind: 'rerun' | 'rerun-failed-jobs';
  enableDebugLogging: boolean;
}

export interface DispatchRequest {
  repo: string;
  workflow: string;
  ref: string;
  inputs: Record<string, unknown>;
}

export interface MergeRequest {
  repo: string;
  number: number;
  mergeMethod: string;
  sha: string | undefined;
}

export interface GraphqlRequest {
  query: string;
  variables: Record<string, unknown>;
}

/**
 * Answers a GraphQL document with a full response body, `{ data }` and maybe `errors`; `undefined`
 * leaves the document to the fake's own (see fake-github-graphql.ts).
 */
export type GraphqlHandler = (query: string, variables: Record<string, unknown>) => unknown;

export interface GitHubLogs {
  rerunRequests: RerunRequest[];
  dispatches: DispatchRequest[];
  merges: MergeRequest[];
  graphqlRequests: GraphqlRequest[];
}

export interface RouteContext {
  model: GitHubModel;
  logs: GitHubLogs;
  /** `http://127.0.0.1:PORT`; the base of every `url` field and `Link` header. */
  api: () => string;
  /** The login the token belongs to: author of pulls, issues and comments. */
  login: string;
  /** The test's handler, if it installed one. */
  graphql: () => GraphqlHandler | undefined;
}

const DOCS = 'https://docs.github.com/rest';

export const notFound = (): FakeResponse => ({
  status: 404,
  body: { message: 'Not Found', documentation_url: DOCS, status: '404' },
});

export const ok = (body: unknown, headers: Record<string, string> = {}): FakeResponse => ({
  status: 200,
  body,
  headers,
});

export function failed(status: number, message: string, errors?: unknown[]): FakeResponse {
  return {
    status,
    body: { message, ...(errors ? { errors } : {}), documentation_url: DOCS, status: String(status) },
  };
}

/** 422 Validation Failed with GitHub's `errors` entries. */
export const invalid = (errors: unknown[]): FakeResponse => failed(422, 'Validation Failed', errors);

export function repoOf(ctx: RouteContext, req: FakeRequest): RepoState | undefined {
  return ctx.model.repos.get(`${req.params.owner}/${req.params.repo}`.toLowerCase());
}

export function stringField(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  return typeof value === 'string' ? value : undefined;
}
