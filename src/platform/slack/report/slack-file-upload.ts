import type { WebClient } from '@slack/web-api';
import { DeliveryRefusedError } from '../../../core/delivery-refused.js';
import type { ChatFile, FileUpload } from '../../../core/ports.js';
import { platformError } from '../platform-error.js';
import { refusing } from '../slack-chat.js';

/**
 * An app installed before `files:write` was asked for answers `missing_scope` to the upload
 * methods (https://docs.slack.dev/reference/methods/files.getUploadURLExternal, errors): every
 * other call still works, so for an upload it is a refusal no retry mends until the app is
 * reinstalled, not a workspace-wide failure.
 */
async function uploading<T>(method: string, channel: string, call: () => Promise<T>): Promise<T> {
  try {
    return await refusing(method, channel, call);
  } catch (error) {
    if (platformError(error) === 'missing_scope')
      throw new DeliveryRefusedError(method, 'missing_scope', channel);
    throw error;
  }
}

/**
 * The FileUpload port over Slack's upload flow (https://docs.slack.dev/messaging/working-with-files#uploading_files):
 * files.getUploadURLExternal for a URL and a file ID, the bytes POSTed to that URL, then
 * files.completeUploadExternal shares the file in the channel (or thread) with its message. A
 * user ID is turned into the bot's DM with that person first (conversations.open), as Chat.dm does.
 */
export function createSlackFileUpload(client: WebClient, fetchBytes: typeof fetch = fetch): FileUpload {
  const conversation = async (channel: string): Promise<string> => {
    if (!/^[UW]/.test(channel)) return channel;
    const opened = await client.conversations.open({ users: channel });
    const id = opened.channel?.id;
    if (!id) throw new Error('conversations.open answered without a channel');
    return id;
  };
  return {
    async upload(file: ChatFile) {
      const channel = await conversation(file.channel);
      const url = await uploading('files.getUploadURLExternal', channel, () =>
        client.files.getUploadURLExternal({
          filename: file.filename,
          length: file.bytes.byteLength,
          ...(file.altText === undefined ? {} : { alt_text: file.altText }),
        }),
      );
      if (!url.upload_url || !url.file_id)
        throw new Error('files.getUploadURLExternal answered without a URL');
      const sent = await fetchBytes(url.upload_url, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: file.bytes,
      });
      if (!sent.ok) throw new Error(`the file upload was answered ${sent.status}`);
      const files: [{ id: string; title: string }] = [{ id: url.file_id, title: file.title }];
      const comment = file.comment === undefined ? {} : { initial_comment: file.comment };
      await uploading('files.completeUploadExternal', channel, () =>
        client.files.completeUploadExternal(
          file.threadTs === undefined
            ? { files, channel_id: channel, ...comment }
            : { files, channel_id: channel, thread_ts: file.threadTs, ...comment },
        ),
      );
      return url.file_id;
    },
  };
}
