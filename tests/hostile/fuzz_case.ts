/**
 * One fuzz case end to end: build the hostile file, replay it in process into a fresh lake,
 * check every promise, clean up.
 *
 * @module
 */

import fc from "fast-check";
import {
  buildFile,
  type BuiltFile,
  BYTE_MUTATIONS,
  CSV_MUTATIONS,
  type FileSpec,
  JSON_MUTATIONS,
  type Mutation,
} from "./hostile_file.ts";
import { SEEDS } from "./seeds.ts";
import { replayInProcess } from "./run_replay.ts";
import { checkRun, type RunVerdict } from "./check_run.ts";

const COMMON_KINDS = [
  ...CSV_MUTATIONS,
  ...JSON_MUTATIONS,
  ...BYTE_MUTATIONS.filter((k) => k !== "random_bytes" && k !== "huge_line"),
];

/** A mutation: mostly layout and byte damage, now and then a whole random file or a huge line. */
export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.oneof(
    { arbitrary: fc.constantFrom(...COMMON_KINDS), weight: 20 },
    { arbitrary: fc.constantFrom("random_bytes" as const, "huge_line" as const), weight: 1 },
  ),
  a: fc.nat(1_000_000),
  b: fc.nat(1_000),
});

/** A whole fuzz case. */
export const specArbitrary: fc.Arbitrary<FileSpec> = fc.record({
  seedIndex: fc.nat(SEEDS.length - 1),
  containerIndex: fc.nat(2),
  delimiter: fc.constantFrom("," as const, ";" as const, "\t" as const, "|" as const),
  quoteAll: fc.boolean(),
  records: fc.integer({ min: 1, max: 8 }),
  mutations: fc.array(mutationArbitrary, { maxLength: 3 }),
  randomBytes: fc.uint8Array({ minLength: 1, maxLength: 300 }),
}).map((r) => {
  const seed = SEEDS[r.seedIndex];
  return {
    seed,
    container: seed.containers[r.containerIndex % seed.containers.length],
    delimiter: r.delimiter,
    quoteAll: r.quoteAll,
    records: r.records,
    mutations: r.mutations,
    randomBytes: r.randomBytes,
    hugeLineBytes: 1 << 20,
  };
});

/** A finished case. */
export interface CaseResult {
  file: BuiltFile;
  verdict: RunVerdict;
  millis: number;
}

/**
 * Builds, replays and checks one case.
 *
 * @param spec the case
 */
export async function runCase(spec: FileSpec): Promise<CaseResult> {
  const file = buildFile(spec);
  const dir = await Deno.makeTempDir({ prefix: "hostile_fuzz_" });
  try {
    const input = `${dir}/in/${file.name}`;
    await Deno.mkdir(`${dir}/in`);
    await Deno.writeFile(input, file.bytes);
    const lake = `${dir}/lake`;
    const outcome = await replayInProcess({
      inputs: [input],
      lake,
      format: spec.seed.format,
      args: [...spec.seed.args ?? []],
    });
    const verdict = await checkRun(outcome, lake, [{
      path: input,
      table: spec.seed.table,
      records: file.records,
      allValid: file.allValid,
      hasData: file.hasData,
      mayFail: file.mayFail,
    }]);
    return { file, verdict, millis: outcome.millis };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * A failure message that reproduces the case: what was done, the file's first bytes, and each
 * broken promise.
 *
 * @param result a case with violations
 */
export function describeCase(result: CaseResult): string {
  const { file } = result;
  const head = new TextDecoder().decode(file.bytes.subarray(0, 600));
  return [
    `${file.name}: ${file.description}`,
    `file (${file.bytes.length} bytes, first 600): ${JSON.stringify(head)}`,
    ...result.verdict.violations.map((v) => `  ✗ ${v.replaceAll("\n", "\n    ")}`),
  ].join("\n");
}
