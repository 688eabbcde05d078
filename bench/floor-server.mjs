// The floor for bench/ack-latency.ts: a bare node:http server that reads the body, verifies
// Slack's v0 signature the way Slack documents it (HMAC-SHA256 of `v0:{timestamp}:{body}` with the
// signing secret, timestamps older than 5 minutes refused;
// https://docs.slack.dev/authentication/verifying-requests-from-slack) and answers 200. Run as its
// own process, like the bot, so neither shares a thread with the load generator. Prints its port.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const secret = process.env.SLACK_SIGNING_SECRET ?? '';
const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const timestamp = String(request.headers['x-slack-request-timestamp'] ?? '');
    const signature = Buffer.from(String(request.headers['x-slack-signature'] ?? ''));
    const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) <= 300;
    const expected = Buffer.from(
      `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`,
    );
    const ok = fresh && signature.length === expected.length && timingSafeEqual(signature, expected);
    response.writeHead(ok ? 200 : 401).end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
