/**
 * A slow platform on the test's command: requests a hold matches get no answer until the test
 * releases it, as a Slack or GitHub that is slow to answer would (the client's own deadline still
 * runs). A test asserts that something happened while the request was held, which proves it did
 * not wait for the answer, without timing anything.
 */
export interface RequestHold<R> {
  /** Resolves with the first request held (once the fake has it and is not answering). */
  readonly reached: Promise<R>;
  /** Requests held so far, answered or not. */
  readonly held: readonly R[];
  /** True until `release`. */
  readonly holding: boolean;
  /** Answers every held request as usual and lets later ones through. */
  release(): void;
}

interface Entry<R> {
  readonly matches: (request: R) => boolean;
  readonly hold: RequestHold<R>;
  readonly wait: (request: R) => Promise<void>;
}

/** The holds of one fake: `add` installs one, `gate` waits out any that matches a request. */
export function createRequestHolds<R>() {
  const entries: Entry<R>[] = [];
  const add = (matches: (request: R) => boolean): RequestHold<R> => {
    const held: R[] = [];
    let open: () => void = () => undefined;
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    let reach: (request: R) => void = () => undefined;
    const reached = new Promise<R>((resolve) => {
      reach = resolve;
    });
    let holding = true;
    const hold: RequestHold<R> = {
      reached,
      held,
      get holding() {
        return holding;
      },
      release() {
        holding = false;
        const at = entries.indexOf(entry);
        if (at >= 0) entries.splice(at, 1);
        open();
      },
    };
    const entry: Entry<R> = {
      matches,
      hold,
      wait: (request) => {
        held.push(request);
        reach(request);
        return opened;
      },
    };
    entries.push(entry);
    return hold;
  };
  /** Resolves once no hold matching `request` is holding it. */
  const gate = async (request: R): Promise<void> => {
    for (const entry of [...entries]) {
      if (entry.hold.holding && entry.matches(request)) await entry.wait(request);
    }
  };
  /** Lets everything through: for closing a fake a test left holding. */
  const releaseAll = () => {
    for (const entry of [...entries]) entry.hold.release();
  };
  return { add, gate, releaseAll };
}
