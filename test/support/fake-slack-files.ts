// Slack's upload flow, as documented:
// https://api.slack.com/methods/files.getUploadURLExternal (filename and length required; answers
// upload_url and file_id), the bytes POSTed to upload_url (raw or multipart; 200 when received),
// https://api.slack.com/methods/files.completeUploadExternal (files: [{id, title}] JSON; shares
// them in channel_id, in thread_ts when given, with initial_comment; a file ID never uploaded, or
// already completed, is file_not_found).

import {
  fail,
  type MethodContext,
  resolveChannel,
  type SlackMethod,
  type SlackParams,
  str,
} from './fake-slack-params.js';
import { APP_ID, BOT_ID, BOT_USER_ID, TEAM_ID } from './fake-slack-state.js';
import type { FakeRequest, FakeResponse } from './http-fake-server.js';

export interface SlackFile {
  id: string;
  filename: string;
  length: number;
  altText?: string;
  /** The bytes POSTed to its upload URL. */
  bytes?: Buffer;
  title?: string;
  /** Where completeUploadExternal shared it. */
  shared?: { channel: string; ts: string; threadTs?: string; comment?: string };
}

export function createFakeFiles() {
  const files = new Map<string, SlackFile>();
  let count = 0;

  const getUploadURLExternal: SlackMethod = (params: SlackParams, ctx: MethodContext) => {
    const filename = str(params, 'filename');
    const length = Number(str(params, 'length'));
    if (filename === undefined || filename === '' || !Number.isInteger(length) || length < 1) {
      return fail('invalid_arguments');
    }
    count += 1;
    const id = `F0FAKE${String(count).padStart(5, '0')}`;
    const altText = str(params, 'alt_text');
    files.set(id, { id, filename, length, ...(altText === undefined ? {} : { altText }) });
    return { ok: true, upload_url: `${ctx.origin}/upload/${id}`, file_id: id };
  };

  const completeUploadExternal: SlackMethod = (params: SlackParams, ctx: MethodContext) => {
    const list = params.files;
    if (!Array.isArray(list) || list.length === 0) return fail('invalid_arguments');
    const picked: SlackFile[] = [];
    for (const entry of list) {
      const id = typeof entry === 'object' && entry !== null ? (entry as { id?: unknown }).id : undefined;
      const file = typeof id === 'string' ? files.get(id) : undefined;
      if (file === undefined || file.bytes === undefined || file.shared !== undefined)
        return fail('file_not_found');
      const title = (entry as { title?: unknown }).title;
      if (typeof title === 'string') file.title = title;
      picked.push(file);
    }
    const channelId = str(params, 'channel_id');
    if (channelId === undefined) return { ok: true, files: picked.map(({ id, title }) => ({ id, title })) };
    const channel = resolveChannel(ctx, channelId);
    if (!channel) return fail('channel_not_found');
    if (channel.isArchived) return fail('is_archived');
    const threadTs = str(params, 'thread_ts');
    if (threadTs !== undefined && !ctx.ws.thread(channel, threadTs)) return fail('thread_not_found');
    const comment = str(params, 'initial_comment');
    const ts = ctx.ws.nextTs();
    ctx.ws.post(channel, {
      type: 'message',
      ts,
      user: BOT_USER_ID,
      bot_id: BOT_ID,
      app_id: APP_ID,
      team: TEAM_ID,
      text: comment ?? '',
      files: picked.map((file) => ({ id: file.id, name: file.filename, title: file.title ?? file.filename })),
      ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
    });
    for (const file of picked) {
      file.shared = {
        channel: channel.id,
        ts,
        ...(threadTs === undefined ? {} : { threadTs }),
        ...(comment === undefined ? {} : { comment }),
      };
    }
    return { ok: true, files: picked.map(({ id, title }) => ({ id, title })) };
  };

  /** POST <upload_url>: the bytes, raw. A length other than the one announced is refused. */
  const receive = (req: FakeRequest, id: string): FakeResponse => {
    const file = files.get(id);
    if (req.method !== 'POST' || file === undefined) return { status: 404, body: 'Not Found' };
    const bytes = req.rawBytes ?? Buffer.from(req.rawBody);
    if (bytes.length !== file.length) return { status: 400, body: 'length mismatch' };
    file.bytes = bytes;
    return { status: 200, body: `OK - ${bytes.length}` };
  };

  return {
    methods: {
      'files.getUploadURLExternal': getUploadURLExternal,
      'files.completeUploadExternal': completeUploadExternal,
    },
    receive,
    list: (): SlackFile[] => [...files.values()].map((file) => ({ ...file })),
  };
}
