/**
 * A fix for kafkajs 2.2.4's request queue, applied once when this module loads.
 *
 * `RequestQueue.scheduleCheckPendingRequests` computes its timer delay as
 * `throttledUntil - Date.now()`, and `throttledUntil` starts at -1 (not throttled): the delay is
 * about -1.8e12 ms. Node's timers (and Deno's `node:timers`) clamp it to 1 ms and print
 * `TimeoutNegativeWarning: -1796226817597 is a negative number` on every connection
 * (tulios/kafkajs#1751; the fix, kafkajs#1755, is not released). The replacement below is the
 * same method with the delay clamped to at least 1 ms before it reaches `setTimeout`: the timer
 * fires when it did before, and nothing is printed. Other warnings are left alone.
 *
 * @module
 */

// @ts-types="./request_queue.d.ts"
import RequestQueue from "kafkajs/src/network/requestQueue/index.js";

/** kafkajs's own pause between checks of throttled pending requests, ms. */
const CHECK_PENDING_REQUESTS_INTERVAL = 10;

/** Delays `setTimeout` accepts without a warning: 1 ms to 2^31 - 1 ms. */
function timerDelay(ms: number): number {
  return Number.isFinite(ms) ? Math.min(2_147_483_647, Math.max(1, ms)) : 1;
}

RequestQueue.prototype.scheduleCheckPendingRequests = function (this: RequestQueue): void {
  if (this.throttleCheckTimeoutId) return;
  let scheduleAt = this.throttledUntil - Date.now();
  if (this.pending.length > 0 && !(scheduleAt > 0)) scheduleAt = CHECK_PENDING_REQUESTS_INTERVAL;
  this.throttleCheckTimeoutId = setTimeout(() => {
    this.throttleCheckTimeoutId = null;
    this.checkPendingRequests();
  }, timerDelay(scheduleAt));
};
