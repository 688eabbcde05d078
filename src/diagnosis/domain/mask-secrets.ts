// Secrets in the form of tokens, masked before any log text leaves Overseer. GitHub masks the
// secrets it knows as `***`; these rules catch the ones it does not know (printed by a tool, or
// echoed from a file) and use the same mark.

const MASK = '***';

const RULES: readonly RegExp[] = [
  // GitHub tokens: personal, OAuth, user-to-server, server-to-server, refresh; fine-grained PATs.
  /\bgh[pousr]_[A-Za-z0-9]{20,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  // Slack tokens: bot, app, user, refresh, legacy.
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  // AWS access key IDs (long-lived and temporary).
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
];

/** `key=value` or `key: value` where the key names a secret; the key stays, the value goes. */
const KEYED =
  /\b((?:access[_-]?)?token|password|passwd|secret|api[_-]?key|client[_-]?secret)(["']?\s*[=:]\s*["']?)([^\s"'&;,]{6,})/gi;
/** `Authorization: Bearer …` (or `token …`, `Basic …`), or a bare `Bearer …`. */
const AUTHORIZATION =
  /\b(authorization\s*:\s*(?:bearer|token|basic)\s+|bearer\s+)([A-Za-z0-9._~+/=-]{12,})/gi;

export function maskSecrets(text: string): string {
  let out = text;
  for (const pattern of RULES) out = out.replace(pattern, MASK);
  out = out.replace(KEYED, (_match, key: string, sep: string) => `${key}${sep}${MASK}`);
  out = out.replace(AUTHORIZATION, (_match, prefix: string) => `${prefix}${MASK}`);
  return out;
}
