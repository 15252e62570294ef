/**
 * Tells console clients when a lake report was rewritten.
 *
 * @module
 */

import { REPORT_NAMES, type ReportStore } from "./report_store.ts";
import type { SseHub } from "./sse_hub.ts";

/**
 * Polls the report files' mtimes and publishes a `report` event `{ name }` for each one that
 * appeared or changed, so open consoles refetch it (after a replay finishes, say). Polling a
 * dozen `stat`s is cheaper and more portable than a file watcher on every platform.
 *
 * @param store where the reports are.
 * @param hub where to publish.
 * @param intervalMs poll interval.
 * @returns a function that stops the polling.
 */
export function watchReports(store: ReportStore, hub: SseHub, intervalMs = 2000): () => void {
  const seen = new Map<string, number | null>();
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  let lastError = "";

  const poll = async (first: boolean) => {
    try {
      for (const name of REPORT_NAMES) {
        const stamp = await store.stamp(name);
        if (!first && stamp !== null && stamp !== seen.get(name)) hub.publish("report", { name });
        seen.set(name, stamp);
      }
      lastError = "";
    } catch (error) {
      // An unreadable lake (a replay swapping it, a permission) must not end the polling: say
      // so once, in one line, and try again at the next interval.
      const text = (error instanceof Error ? error.message : String(error)).split("\n")[0];
      if (text !== lastError) console.error(`warn: report watcher: ${text}`);
      lastError = text;
    }
    if (!stopped) {
      const next = setTimeout(() => void poll(false), intervalMs);
      Deno.unrefTimer(next);
      timer = next;
    }
  };
  void poll(true);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
