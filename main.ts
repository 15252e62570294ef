/**
 * ShopEase Stream command line: the composition root. Each subcommand lives in
 * `cli/`; this file only dispatches and turns errors into exit statuses.
 *
 * @module
 */

import { UsageError } from "./pipeline/options.ts";
import { oneLine } from "./pipeline/terminal_text.ts";
import { COMMANDS } from "./cli/mod.ts";

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
      console.error(
        `error: ${oneLine(err.message)}\nRun 'deno task ${name} --help' for the options.`,
      );
      return 2;
    }
    printFatal(err);
    return 1;
  }
}

/**
 * Prints a fatal error as one line, `error: <message>`: messages name the path and the cause;
 * newlines inside one are folded and other control characters escaped, whatever text (a path,
 * a lake file's) it quotes. The stack (with causes) only at SHOPEASE_LOG_LEVEL=debug.
 */
function printFatal(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  console.error(`error: ${oneLine(message) || oneLine(String(err))}`);
  if (Deno.env.get("SHOPEASE_LOG_LEVEL")?.toLowerCase() === "debug" && err instanceof Error) {
    console.error(err.stack);
    for (let cause = err.cause; cause instanceof Error; cause = cause.cause) {
      console.error(`caused by: ${cause.stack}`);
    }
  }
}

/**
 * The last resort for an error no caller caught (thrown from a timer, an RxJS callback, an
 * unawaited promise): printed like any fatal error, exit status 1, instead of Deno's
 * multi-line "Uncaught" report.
 */
function exitOnUncaught(event: ErrorEvent | PromiseRejectionEvent): void {
  event.preventDefault();
  printFatal(event instanceof PromiseRejectionEvent ? event.reason : event.error);
  Deno.exit(1);
}

if (import.meta.main) {
  globalThis.addEventListener("error", exitOnUncaught);
  globalThis.addEventListener("unhandledrejection", exitOnUncaught);
  Deno.exit(await main(Deno.args));
}
