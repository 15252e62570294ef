/**
 * `deno task start`: live metrics and the console; see `pipeline/live/start.ts`.
 *
 * @module
 */

import { formatHelp } from "../pipeline/options.ts";
import { log } from "../pipeline/log.ts";
import { startLive } from "../pipeline/live/start.ts";
import { parseStartOptions, START_OPTIONS } from "../pipeline/live/start_options.ts";
import { removeOwnTempDirs } from "../server/owned_temp_dir.ts";
import { stopOnSignals } from "./stop_signals.ts";

const USAGE = "deno task start [options]";
const ABOUT = [
  "Runs the live pipeline and the web console. With KAFKA_BROKERS and REDIS_URL (or --brokers and",
  "--redis) it consumes the topic in the consumer group into Redis, exactly once in effect (results",
  "and progress are committed together; a restart resumes where the store says). With neither it",
  "runs the simulator in this process and keeps metrics in memory; the simulator first plays the",
  "last --history of traffic (default 60 minutes) at full speed, so the per-minute charts have",
  "data at once and the spike detector its warm-up (--spike-warmup, 30 minutes): an injected",
  "--spike, whose offset counts from the live start, can fire during a demo.",
  "An empty lake is first backfilled with a generated 13-month history (a lake holding another",
  "dataset without its reports, or with links to nothing, is refused and left as it was); the",
  "console (ui/dist) is rebuilt when a file under ui/ is newer.",
  "Per-minute metrics use the same operators as `replay`; a minute's values so far are written",
  "and shown while it is open (the console's cards move every second), and its final values",
  "replace them when the partition's watermark (latest event time - lateness) passes its end.",
  "A partition without messages for --idle-timeout is idle: the minutes",
  "complete over all partitions (alerts) stop waiting for it, but its own watermark does not move,",
  "so its last minutes stay open (shown as partial) until new events come, and history produced",
  "later is not late. Ctrl-C or SIGTERM stops consuming, commits the batch in progress and exits 0;",
  "while starting (backfill, console build, history) it stops at once, also with 0. A second",
  "signal while the stop waits (for a Redis or broker gone away) exits at once with 130 (143):",
  "what was not committed is read again by the next start.",
].join("\n");

/**
 * Runs `start` until SIGINT or SIGTERM.
 *
 * @param args arguments after `start`
 * @returns the exit status (0 after a signal)
 */
export async function startCommand(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(formatHelp(USAGE, ABOUT, START_OPTIONS));
    return 0;
  }
  const config = parseStartOptions(args);
  // Listening from the start: a signal during the backfill, the console build or the history
  // killed the process with 143 and no word, leaving its generated history in /tmp. Listening
  // until the stop is done: a second signal ends a stop that waits for a service gone away.
  let up = false;
  const stopped = Promise.withResolvers<Deno.Signal>();
  using _signals = stopOnSignals(
    "start",
    (signal) => up ? stopped.resolve(signal) : stopStarting(signal),
  );
  const session = await startLive(config);
  up = true;
  const signal = await stopped.promise;
  log.info(`start: ${signal}: stopping (a second Ctrl-C or SIGTERM exits at once)`);
  await session.stop();
  log.info("start: stopped");
  return 0;
}

/**
 * A signal before the console is up: nothing is served yet, and a backfill cut short leaves a lake
 * that names start's own history (its tables may be committed, its reports not yet), which the
 * next start completes. Stops at once, with exit status 0 as after the console is up, removing
 * this process's temporary folders; a Kafka consumer that already joined is not disconnected, so
 * the next start may wait for the group's session timeout.
 */
function stopStarting(signal: Deno.Signal): never {
  log.info(
    `start: ${signal} while starting: stopped (the next start finishes a backfill cut short)`,
  );
  removeOwnTempDirs("shopease-history-");
  removeOwnTempDirs("shopease-console-");
  Deno.exit(0);
}
