import { StoreUnavailableError } from '../../core/ports.js';

/**
 * Wraps whatever a backend threw in the `StoreUnavailableError` callers handle, keeping the cause;
 * `code` classifies a backend error that carries no code of its own (see StoreUnavailableError).
 */
export function toStoreError(
  error: unknown,
  what: string,
  advice: string,
  code?: string,
): StoreUnavailableError {
  if (error instanceof StoreUnavailableError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new StoreUnavailableError(`${what} failed: ${reason}. ${advice}`, {
    cause: error,
    ...(code === undefined ? {} : { code }),
  });
}
