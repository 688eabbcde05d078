/** Rejects arguments no backend could honour, before any I/O: these are caller bugs, not outages. */
export function checkWholeNumber(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${name} must be a whole number of at least ${min}, got ${value}`);
  }
}
