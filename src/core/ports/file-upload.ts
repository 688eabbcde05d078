/** A file to share in a channel (or a DM, by user ID), with a message above it. */
export interface ChatFile {
  /** A channel ID, or a user ID for the bot's DM with that person. */
  readonly channel: string;
  readonly threadTs?: string;
  readonly filename: string;
  readonly title: string;
  readonly bytes: Uint8Array;
  /** What screen readers say of an image. */
  readonly altText?: string;
  /** The message the file is shared with (mrkdwn). */
  readonly comment?: string;
}

/** Shares files in Slack. Throws on an API error, as Chat does. */
export interface FileUpload {
  /** Answers the file's ID. */
  upload(file: ChatFile): Promise<string>;
}
