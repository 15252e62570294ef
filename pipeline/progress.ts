/**
 * A one-line progress bar on stderr: share of bytes read, records/s, elapsed time. Redraws at
 * most four times a second so it costs nothing on the hot path.
 *
 * @module
 */

const encoder = new TextEncoder();

/** A progress bar; `update` is cheap to call once per micro-batch. */
export interface Progress {
  update(bytesRead: number, bytesTotal: number, records: number): void;
  /** Clears the bar (call before printing the summary). */
  done(): void;
}

/**
 * Creates a progress bar. Disabled bars do nothing, so callers need no branches.
 *
 * @param enabled draw at all (default: stderr is a terminal)
 * @param label text before the bar, e.g. `replay`
 * @returns the progress bar
 */
export function createProgress(label: string, enabled = Deno.stderr.isTerminal()): Progress {
  const started = performance.now();
  let last = 0;
  let drawn = false;
  return {
    update(bytesRead, bytesTotal, records) {
      if (!enabled) return;
      const now = performance.now();
      if (now - last < 250) return;
      last = now;
      const seconds = (now - started) / 1000;
      const share = bytesTotal > 0 ? Math.min(1, bytesRead / bytesTotal) : 0;
      const width = 24;
      const filled = Math.round(share * width);
      const bar = "#".repeat(filled) + "-".repeat(width - filled);
      const rate = seconds > 0 ? Math.round(records / seconds) : 0;
      const line = `${label} [${bar}] ${(share * 100).toFixed(1).padStart(5)}%  ` +
        `${records.toLocaleString("en-US")} records  ${rate.toLocaleString("en-US")} rec/s  ` +
        `${(bytesRead / 1e6).toFixed(1)}/${(bytesTotal / 1e6).toFixed(1)} MB  ${
          seconds.toFixed(1)
        }s`;
      Deno.stderr.writeSync(encoder.encode(`\r${line}\x1b[K`));
      drawn = true;
    },
    done() {
      if (drawn) Deno.stderr.writeSync(encoder.encode("\r\x1b[K"));
      drawn = false;
    },
  };
}
