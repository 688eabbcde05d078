/** Permission-like codes: the directory exists (or could) but this user may not write there. */
const NOT_WRITABLE = new Set(['EACCES', 'EPERM', 'EROFS']);
/** Something other than a directory is in the way. */
const NOT_A_DIRECTORY = new Set(['ENOTDIR', 'EEXIST']);

/**
 * Turns a failure to create or lock the data dir into a message that says what to do, or
 * returns `undefined` for failures it does not recognise. The typical case is a Docker bind mount
 * owned by root while the image runs as the unprivileged `node` user. Only the path, the uid and
 * the error code are named: nothing from the environment beyond `OVERSEER_DATA_DIR` itself.
 */
export function dataDirError(error: unknown, dataDir: string, uid: number | undefined): Error | undefined {
  const code = error instanceof Error && 'code' in error ? String(error.code) : undefined;
  if (code === undefined) return undefined;
  const user = uid === undefined ? 'this user' : `this user (uid ${uid})`;
  if (NOT_WRITABLE.has(code)) {
    return new Error(
      `OVERSEER_DATA_DIR ${dataDir} is not writable by ${user} (${code}): give that user write ` +
        `access (for a Docker bind mount, chown ${uid ?? '<uid>'} the host directory), mount a ` +
        'named volume there instead ' +
        '(docker run -v overseer-data:/data), point OVERSEER_DATA_DIR at a writable directory, ' +
        'or set REDIS_URL to keep state in Redis.',
      { cause: error },
    );
  }
  if (NOT_A_DIRECTORY.has(code)) {
    return new Error(
      `OVERSEER_DATA_DIR ${dataDir} is not a directory (${code}): a file is in the way. ` +
        'Point OVERSEER_DATA_DIR at a directory, or remove the file.',
      { cause: error },
    );
  }
  return undefined;
}
