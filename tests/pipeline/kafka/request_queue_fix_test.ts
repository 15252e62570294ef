/**
 * kafkajs printed `TimeoutNegativeWarning` on every connection; `createKafka()` installs the fix.
 * A child process connects an admin client to the real broker, with and without the fix.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { realServices } from "../../dev/services/real_services.ts";

const { kafkaBrokers } = await realServices();
const CREATE_KAFKA = new URL("../../../pipeline/kafka/create_kafka.ts", import.meta.url).href;

/** Runs `body` in a child `deno eval` and returns its stderr. */
async function stderrOf(body: string): Promise<string> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--ext=ts", body],
    cwd: fileURLToPath(new URL("../../../", import.meta.url)),
    env: { KAFKA_BROKERS: kafkaBrokers },
    stdout: "null",
    stderr: "piped",
  }).output();
  assert.ok(output.success, new TextDecoder().decode(output.stderr));
  return new TextDecoder().decode(output.stderr);
}

const CONNECT = `
  const admin = kafka.admin();
  await admin.connect();
  await admin.listTopics();
  await admin.disconnect();
`;

Deno.test("a kafkajs client made by createKafka() connects without TimeoutNegativeWarning", async () => {
  const stderr = await stderrOf(`
    import { createKafka } from "${CREATE_KAFKA}";
    const kafka = createKafka(Deno.env.get("KAFKA_BROKERS")!.split(","));
    ${CONNECT}
  `);
  assert.doesNotMatch(stderr, /TimeoutNegativeWarning/, stderr);
});

Deno.test("without the fix, the same connection prints TimeoutNegativeWarning (the test can fail)", async () => {
  const stderr = await stderrOf(`
    import { Kafka, logLevel } from "kafkajs";
    const kafka = new Kafka({ brokers: Deno.env.get("KAFKA_BROKERS")!.split(","), logLevel: logLevel.NOTHING });
    ${CONNECT}
  `);
  assert.match(stderr, /TimeoutNegativeWarning/);
});
