/**
 * Ctrl-C and SIGTERM for the long-running commands: the first signal stops cleanly, a second one
 * while that stop waits exits at once.
 *
 * @module
 */

import { log } from "../pipeline/log.ts";

/** The stop signals, with the numbers a shell adds to 128 for a process they end. */
const SIGNALS = { SIGINT: 2, SIGTERM: 15 } as const;

/**
 * Listens for SIGINT and SIGTERM. The first calls `stop`; a second, while the stop still waits
 * (for a Redis or a broker that went away, the batch in progress, a request), exits at once with
 * 128 + the signal's number after one line saying so. Without it a stop waiting for a service
 * that never answered kept `start` running (its listeners already removed, only a second Ctrl-C's
 * default action ended it, without a word), and `consume` ignored every further signal. Nothing
 * is lost by exiting: what was not committed is read again by the next run, as after a kill.
 *
 * @param command the command's name, for the lines
 * @param stop the clean stop, called once
 * @returns a disposable that removes the listeners (once the stop has completed)
 * @example
 * ```ts
 * const controller = new AbortController();
 * using _signals = stopOnSignals("consume", () => controller.abort());
 * ```
 */
export function stopOnSignals(
  command: string,
  stop: (signal: Deno.Signal) => void,
): Disposable {
  let stopping = false;
  const handlers = (Object.keys(SIGNALS) as (keyof typeof SIGNALS)[]).map((signal) => {
    const handler = () => {
      if (!stopping) {
        stopping = true;
        stop(signal);
        return;
      }
      log.info(
        `${command}: ${signal} again: exiting without waiting for the stop to finish (what was ` +
          "not committed is read again by the next run)",
      );
      Deno.exit(128 + SIGNALS[signal]);
    };
    Deno.addSignalListener(signal, handler);
    return [signal, handler] as const;
  });
  return {
    [Symbol.dispose]() {
      for (const [signal, handler] of handlers) Deno.removeSignalListener(signal, handler);
    },
  };
}
