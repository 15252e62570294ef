/**
 * `deno task simulate`: see `dev/simulator/run_simulate_command.ts`.
 *
 * @module
 */

import { runSimulateCommand } from "../dev/simulator/run_simulate_command.ts";

/**
 * Runs `simulate`.
 *
 * @param args arguments after `simulate`
 * @returns the exit status
 */
export function simulateCommand(args: string[]): Promise<number> {
  return runSimulateCommand(args);
}
