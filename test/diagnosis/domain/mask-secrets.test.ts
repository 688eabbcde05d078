import { describe, expect, it } from 'vitest';
import { maskSecrets } from '../../../src/diagnosis/domain/mask-secrets.js';

describe('maskSecrets', () => {
  it.each([
    ['GitHub PAT', 'push with ghp_ABCDEFGHIJKLMNOPQRSTuvwxyz0123456789', 'push with ***'],
    ['GitHub OAuth token', 'gho_16C7e42F292c6912E7710c838347Ae178B4a', '***'],
    ['GitHub app token', 'token is ghs_abcdefghijklmnopqrstuvwxyz012345 now', 'token is *** now'],
    ['fine-grained PAT', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', '***'],
    ['Slack bot token', 'SLACK=xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp', 'SLACK=***'],
    ['Slack app token', 'xapp-1-A0B1C2 and xoxp-1234567890-abcdef', 'xapp-1-A0B1C2 and ***'],
    ['AWS access key ID', 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE', 'aws_access_key_id = ***'],
    ['token= value', 'GET /hook?token=4f9a8b7c6d5e4f3a2b1c&x=1', 'GET /hook?token=***&x=1'],
    ['password: value', 'password: "hunter2hunter2"', 'password: "***"'],
    ['api_key= value', 'API_KEY=Zm9vYmFyYmF6cXV4', 'API_KEY=***'],
    [
      'Authorization: Bearer',
      'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig',
      'Authorization: Bearer ***',
    ],
    ['Authorization: token', 'authorization: token 0123456789abcdef0123', 'authorization: token ***'],
    ['bare Bearer', 'sent Bearer dGhpcyBpcyBhIHNlY3JldA==', 'sent Bearer ***'],
  ])('masks a %s', (_kind, input, expected) => {
    expect(maskSecrets(input)).toBe(expected);
  });

  it.each([
    'Process completed with exit code 1.',
    'Secret source: Actions',
    'token: ***',
    'basic authentication is disabled for this repository',
    'FAILED tests/test_token.py::test_refresh - AssertionError',
    'ghp_short',
  ])('leaves ordinary text alone: %s', (text) => {
    expect(maskSecrets(text)).toBe(text);
  });
});
