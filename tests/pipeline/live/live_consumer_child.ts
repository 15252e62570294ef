/**
 * A consumer process for the crash and scale-out tests: the live runner on Kafka into Redis,
 * until SIGTERM (clean stop, exit 0) or SIGKILL. Argument: JSON of `ChildSettings`.
 *
 * @module
 */

import { createKafka } from "../../../pipeline/kafka/create_kafka.ts";
import { startKafkaLive } from "../../../pipeline/live/kafka_live.ts";
import { createPseudonymizer } from "../../../pipeline/pseudonymizer.ts";
import { RedisStore } from "../../../pipeline/store/redis_store.ts";
import { type ChildSettings, TEST_KEY } from "./live_fixture.ts";

const settings = JSON.parse(Deno.args[0]) as ChildSettings;
// Listen before starting: a test may stop a member whose join is still under way (another member
// may have done all the work by then), and a SIGTERM without a listener kills with 143.
const stopped = Promise.withResolvers<void>();
Deno.addSignalListener("SIGTERM", () => stopped.resolve());
const store = await RedisStore.connect(settings.redisUrl, { prefix: settings.prefix });
const live = await startKafkaLive({
  kafka: createKafka(settings.brokers.split(",")),
  topic: settings.topic,
  group: settings.group,
  store,
  pseudonym: createPseudonymizer(TEST_KEY),
  lateness: settings.lateness,
  idleTimeoutMs: 10_000,
  fromBeginning: true,
  sessionTimeoutMs: 6_000,
});
await stopped.promise;
await live.stop();
await store.close();
Deno.exit(0);
