/**
 * The live pipeline: Kafka (or the in-process simulator) through the same operators as replay
 * into the metrics store, exactly once in effect; alerts, gauges and the console's live feed.
 *
 * @module
 */

export {
  AlertEvaluator,
  type AlertEvaluatorOptions,
  globalWatermark,
  newestEventTime,
} from "./alert_evaluator.ts";
export { backfillHistory, HISTORY_SEED, SAMPLE_DIR } from "./backfill_history.ts";
export { backfillReason, lakeHasReports } from "./backfill_check.ts";
export { type KafkaLive, type KafkaLiveOptions, startKafkaLive } from "./kafka_live.ts";
export {
  LiveMonitor,
  type LiveMonitorOptions,
  processingLag,
  type TopicOffsets,
} from "./live_monitor.ts";
export {
  type CommittedBatch,
  type LiveBatchMeta,
  LiveRunner,
  type LiveRunnerOptions,
  type SourceControl,
  type SourceOffsets,
} from "./live_runner.ts";
export {
  type PartitionGraph,
  partitionGraph,
  type PartitionGraphOptions,
} from "./partition_graph.ts";
export { PartitionState } from "./partition_state.ts";
export { type PartitionStart, partitionStart } from "./partition_start.ts";
export { commitWithRetry, type RetryOptions } from "./commit_with_retry.ts";
export {
  type SimulatorLive,
  type SimulatorLiveOptions,
  startSimulatorLive,
} from "./simulator_live.ts";
export { type LiveSession, startLive } from "./start.ts";
export { parseStartOptions, START_OPTIONS, type StartConfig } from "./start_options.ts";
export { type LiveFigures, StoreLiveFeed } from "./store_live_feed.ts";
