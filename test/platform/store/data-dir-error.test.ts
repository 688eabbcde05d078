import { describe, expect, it } from 'vitest';
import { dataDirError } from '../../../src/platform/store/data-dir-error.js';

const failure = (code: string) => Object.assign(new Error(`${code}: failed, open '/data/x'`), { code });

describe('dataDirError', () => {
  it.each(['EACCES', 'EPERM', 'EROFS'])('%s: names OVERSEER_DATA_DIR, the uid and what to do', (code) => {
    const error = dataDirError(failure(code), '/data', 1000);
    expect(error?.message).toMatch(
      new RegExp(`^OVERSEER_DATA_DIR /data is not writable by this user \\(uid 1000\\) \\(${code}\\): `),
    );
    expect(error?.message).toContain('chown 1000 the host directory');
    expect(error?.message).toContain('-v overseer-data:/data');
    expect(error?.cause).toBeInstanceOf(Error);
  });

  it.each(['ENOTDIR', 'EEXIST'])('%s: says a file is in the way', (code) => {
    expect(dataDirError(failure(code), '/srv/overseer', 1000)?.message).toBe(
      `OVERSEER_DATA_DIR /srv/overseer is not a directory (${code}): a file is in the way. ` +
        'Point OVERSEER_DATA_DIR at a directory, or remove the file.',
    );
  });

  it('without a uid (Windows) still says what to do', () => {
    expect(dataDirError(failure('EACCES'), 'C:\\data', undefined)?.message).toMatch(
      /^OVERSEER_DATA_DIR C:\\data is not writable by this user \(EACCES\): .*chown <uid> the host directory/,
    );
  });

  it.each([
    ['another code', failure('ENOSPC')],
    ['an error without a code', new Error('boom')],
    ['a thrown string', 'EACCES'],
  ])('leaves %s to the caller', (_, error) => {
    expect(dataDirError(error, '/data', 1000)).toBeUndefined();
  });
});
