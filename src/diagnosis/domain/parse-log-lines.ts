// A GitHub Actions job log as lines: timestamps and ANSI codes stripped, each line marked as a
// step header, a runner marker (`##[group]`, …), a `##[error]` or the continuation of one.

export interface LogLine {
  readonly text: string;
  /** A `##[error]` line; the lines without a timestamp right after it belong to its message. */
  readonly error: boolean;
  readonly marker: boolean;
  /** Part of a step's header (the command and env GitHub echoes between group and endgroup). */
  readonly header: boolean;
  /** An unstamped line right after a `##[error]`: the rest of that error's message. */
  readonly continuation: boolean;
}

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z ?/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC.
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007/g;

export function parseLogLines(log: string): LogLine[] {
  const out: LogLine[] = [];
  let inHeader = false;
  let headerFrom = 0;
  let inError = false;
  let grouped = false;
  for (const raw of log.split(/\r?\n/)) {
    const stamped = TIMESTAMP.test(raw);
    const text = raw.replace(TIMESTAMP, '').replace(ANSI, '').trimEnd();
    if (!stamped && inError) {
      out.push({ text, error: false, marker: false, header: false, continuation: true });
      continue;
    }
    inError = text.startsWith('##[error]');
    if (inError && inHeader) {
      // A group never closed before the error: what followed its title was output, not header.
      for (let i = headerFrom; i < out.length; i += 1) out[i] = { ...(out[i] as LogLine), header: false };
      inHeader = false;
    }
    if (text.startsWith('##[group]')) {
      inHeader = true;
      headerFrom = out.length + 1;
    }
    if (text.startsWith('##[endgroup]') && !inHeader && !grouped) markHeader(out);
    if (text.startsWith('##[group]')) grouped = true;
    const marker = /^##\[[a-z]+\]/.test(text);
    const line = inError ? text.slice('##[error]'.length) : text;
    out.push({
      text: line,
      error: inError,
      marker: marker && !inError,
      header: inHeader && !marker,
      continuation: false,
    });
    if (text.startsWith('##[endgroup]')) inHeader = false;
  }
  return out;
}

/** The tail began inside a step header: what came before its `##[endgroup]` was header too. */
function markHeader(out: LogLine[]): void {
  for (let i = out.length - 1; i >= 0; i -= 1) {
    const line = out[i];
    if (!line || line.marker || line.error) return;
    out[i] = { ...line, header: true };
  }
}
