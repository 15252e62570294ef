/**
 * ShopEase Stream command line: the composition root. Each subcommand lives in
 * `pipeline/commands/`; this file only dispatches and turns errors into exit statuses.
 *
 * @module
 */

import { UsageError } from "./pipeline/options.ts";
import { COMMANDS } from "./pipeline/commands/mod.ts";

const HELP =
  `ShopEase Stream: clickstream, transactions, inventory and reviews into clean lake tables,
reports and live metrics, on event time.

Usage: deno task <command> [options]     (or: deno run -A main.ts <command> [options])

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`).join("\n")}

Run any command with --help for its options.`;

async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(HELP);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`error: unknown command ${JSON.stringify(name)}\n\n${HELP}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`error: ${err.message}\nRun 'deno task ${name} --help' for the options.`);
      return 2;
    }
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    if (Deno.env.get("SHOPEASE_LOG_LEVEL") === "debug" && err instanceof Error) {
      console.error(err.stack);
    }
    return 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
