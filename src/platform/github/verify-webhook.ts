import { verify } from '@octokit/webhooks-methods';

/**
 * True when `signature` (the X-Hub-Signature-256 header) is the HMAC of `body` under `secret`.
 * The comparison is timing-safe (@octokit/webhooks-methods); a missing or malformed header is false.
 */
export async function verifyWebhook(
  secret: string,
  body: string,
  signature: string | undefined,
): Promise<boolean> {
  if (!signature?.startsWith('sha256=')) return false;
  try {
    return await verify(secret, body, signature);
  } catch {
    return false;
  }
}
