/** How one Slack Web API call ended, as the metrics name it. */
export type SlackCallOutcome = 'ok' | 'error' | 'rate_limited' | 'http_error' | 'unreachable';

/** A Web API method name (`chat.postMessage`); anything else (an upload URL) is counted as `other`. */
const METHOD = /^[a-z]+(?:\.[a-zA-Z]+)+$/;

function methodOf(url: string): string {
  const last = new URL(url).pathname.split('/').at(-1) ?? '';
  return METHOD.test(last) ? last : 'other';
}

/**
 * `fetch` for the Slack WebClient that reports every HTTP attempt (its retries too) with its
 * method and outcome. Slack answers errors as HTTP 200 with `ok: false`
 * (https://docs.slack.dev/apis/web-api/#responses), a rate limit as 429 with `Retry-After`
 * (https://docs.slack.dev/apis/web-api/rate-limits), so the body of a 200 is read from a clone.
 */
export function countedFetch(
  count: (method: string, outcome: SlackCallOutcome) => void,
  inner: typeof fetch = fetch,
): typeof fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const method = methodOf(url);
    let response: Response;
    try {
      response = await inner(input, init);
    } catch (error) {
      count(method, 'unreachable');
      throw error;
    }
    if (response.status === 429) count(method, 'rate_limited');
    else if (response.status !== 200) count(method, 'http_error');
    else {
      const body = (await response
        .clone()
        .json()
        .catch(() => undefined)) as { ok?: unknown } | undefined;
      count(method, body?.ok === true ? 'ok' : 'error');
    }
    return response;
  };
}
