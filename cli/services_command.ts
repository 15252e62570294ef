/**
 * `deno task services up|down|status|env`: see `dev/services/run_services_command.ts`.
 * `env` prints the endpoints of running services for `eval "$(deno task services env)"`.
 *
 * @module
 */

import { log } from "../pipeline/log.ts";
import { UsageError } from "../pipeline/options.ts";
import { runServicesCommand } from "../dev/services/run_services_command.ts";
import { servicesStatus } from "../dev/services/services_status.ts";

/**
 * Runs `services`. `env` prints `KAFKA_BROKERS=…` and `REDIS_URL=…` when both services answer
 * (exit 1 otherwise); the other actions belong to `runServicesCommand`.
 *
 * @param args `up`, `down`, `status` or `env`, then options
 * @returns the exit status
 * @throws UsageError for options after `env`, or (from `runServicesCommand`) a bad action or option
 */
export async function servicesCommand(args: string[]): Promise<number> {
  if (args[0] !== "env" || args.includes("--help") || args.includes("-h")) {
    return await runServicesCommand(args);
  }
  if (args.length > 1) {
    throw new UsageError(
      `services env takes no options (it reads the default ports); got ${
        JSON.stringify(args.slice(1))
      }`,
    );
  }
  const state = await servicesStatus();
  if (!state.kafka.running || !state.redis.running) {
    log.error(
      "services env: Kafka and Redis must both run; start them with `deno task services up`",
    );
    return 1;
  }
  console.log(`KAFKA_BROKERS=${state.kafka.address}\nREDIS_URL=redis://${state.redis.address}`);
  return 0;
}
