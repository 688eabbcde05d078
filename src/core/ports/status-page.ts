/** Why a status page could not be read, classified: never raw error text. */
export type StatusPageCause =
  | 'dns'
  | 'refused'
  | 'timeout'
  | 'network'
  | 'server-error'
  | 'http-status'
  | 'bad-json';

/** What one read of a status page answered. */
export type StatusPageAnswer =
  /** 304 Not Modified for the ETag sent: the last reading still stands. */
  | { readonly kind: 'unchanged' }
  | {
      readonly kind: 'fresh';
      readonly etag?: string;
      readonly components: readonly { readonly name: string; readonly status: string }[];
    };

/** A public status page (Statuspage v2 components JSON), read with If-None-Match. */
export interface StatusPage {
  /** Throws a StatusPageError when the page cannot be read. */
  read(etag: string | undefined): Promise<StatusPageAnswer>;
}

export class StatusPageError extends Error {
  override readonly name = 'StatusPageError';
  constructor(
    readonly reason: StatusPageCause,
    message: string,
  ) {
    super(message);
  }
}
