/**
 * The CLI's subcommands, by name.
 *
 * @module
 */

import { replayCommand } from "./replay_command.ts";
import { generateCommand } from "./generate_command.ts";
import { reportCommand } from "./report_command.ts";
import { benchCommand } from "./bench_command.ts";

/** A subcommand: a one-line summary and its entry point returning an exit status. */
export interface Command {
  summary: string;
  run(args: string[]): Promise<number>;
}

/** Every subcommand, in help order. */
export const COMMANDS: Record<string, Command> = {
  replay: { summary: "backfill history from files into the lake and reports", run: replayCommand },
  report: { summary: "print last month's top 10 and the monthly revenue trend", run: reportCommand },
  bench: { summary: "measure throughput and memory (replay of the medium dataset)", run: benchCommand },
  generate: { summary: "write a deterministic synthetic ShopEase history", run: generateCommand },
};
