/**
 * The CLI's subcommands, by name.
 *
 * @module
 */

import { replayCommand } from "./replay_command.ts";
import { generateCommand } from "./generate_command.ts";
import { reportCommand } from "./report_command.ts";
import { benchCommand } from "./bench_command.ts";
import { startCommand } from "./start_command.ts";
import { simulateCommand } from "./simulate_command.ts";
import { servicesCommand } from "./services_command.ts";
import { sqlCommand } from "./sql_command.ts";
import { produceCommand } from "./produce_command.ts";
import { compactCommand } from "./compact_command.ts";
import { consumeCommand } from "./consume_command.ts";

/** A subcommand: a one-line summary and its entry point returning an exit status. */
export interface Command {
  summary: string;
  run(args: string[]): Promise<number>;
}

/** Every subcommand, in help order. */
export const COMMANDS: Record<string, Command> = {
  replay: { summary: "backfill history from files into the lake and reports", run: replayCommand },
  report: {
    summary: "print last month's top 10 and the monthly revenue trend",
    run: reportCommand,
  },
  sql: {
    summary: "read-only SQL (DuckDB) over the lake's tables and reports",
    run: sqlCommand,
  },
  bench: {
    summary: "measure throughput: replay of the medium dataset, or live Kafka → Redis",
    run: benchCommand,
  },
  generate: { summary: "write a deterministic synthetic ShopEase history", run: generateCommand },
  start: {
    summary: "live metrics and the web console (Kafka + Redis, or an in-process simulator)",
    run: startCommand,
  },
  simulate: { summary: "play a live clickstream into Kafka (or stdout)", run: simulateCommand },
  produce: { summary: "load history from files into the Kafka input topics", run: produceCommand },
  consume: {
    summary: "the Kafka input topics through the whole graph into a live lake and its reports",
    run: consumeCommand,
  },
  compact: {
    summary: "merge a lake's small live parts, one per date and partition",
    run: compactCommand,
  },
  services: { summary: "local Kafka and Redis: up, down, status, env", run: servicesCommand },
};
