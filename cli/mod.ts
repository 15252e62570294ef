/**
 * The CLI's subcommands, by name.
 *
 * Each command's modules are imported when it runs, not all up front: whatever is loaded stays
 * in the heap for the whole run (code, sources, module state), and V8 lets the old generation
 * grow to about four times its live data between full collections. The Redis, Kafka, DuckDB
 * and web server clients that `replay` never uses made its live heap about 10 MB larger:
 * measured on a 2M-event replay, about 80 MB more peak RSS.
 *
 * @module
 */

/** A subcommand: a one-line summary and its entry point returning an exit status. */
export interface Command {
  summary: string;
  run(args: string[]): Promise<number>;
}

/** Every subcommand, in help order. */
export const COMMANDS: Record<string, Command> = {
  replay: {
    summary: "backfill history from files into the lake and reports",
    run: (args) => import("./replay_command.ts").then((m) => m.replayCommand(args)),
  },
  report: {
    summary: "print last month's top 10 and the monthly revenue trend",
    run: (args) => import("./report_command.ts").then((m) => m.reportCommand(args)),
  },
  sql: {
    summary: "read-only SQL (DuckDB) over the lake's tables and reports",
    run: (args) => import("./sql_command.ts").then((m) => m.sqlCommand(args)),
  },
  bench: {
    summary: "measure throughput: replay of the medium dataset, or live Kafka → Redis",
    run: (args) => import("./bench_command.ts").then((m) => m.benchCommand(args)),
  },
  generate: {
    summary: "write a deterministic synthetic ShopEase history",
    run: (args) => import("./generate_command.ts").then((m) => m.generateCommand(args)),
  },
  start: {
    summary: "live metrics and the web console (Kafka + Redis, or an in-process simulator)",
    run: (args) => import("./start_command.ts").then((m) => m.startCommand(args)),
  },
  simulate: {
    summary: "play a live clickstream into Kafka (or stdout)",
    run: (args) => import("./simulate_command.ts").then((m) => m.simulateCommand(args)),
  },
  produce: {
    summary: "load history from files into the Kafka input topics",
    run: (args) => import("./produce_command.ts").then((m) => m.produceCommand(args)),
  },
  consume: {
    summary: "the Kafka input topics through the whole graph into a live lake and its reports",
    run: (args) => import("./consume_command.ts").then((m) => m.consumeCommand(args)),
  },
  compact: {
    summary: "merge a lake's small live parts, one per date and partition",
    run: (args) => import("./compact_command.ts").then((m) => m.compactCommand(args)),
  },
  services: {
    summary: "local Kafka and Redis: up (prints their env), down, status",
    run: (args) => import("./services_command.ts").then((m) => m.servicesCommand(args)),
  },
};
