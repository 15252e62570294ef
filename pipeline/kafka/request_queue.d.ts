/** The parts of kafkajs's internal `RequestQueue` that `request_queue_fix.ts` touches. */
export default class RequestQueue {
  throttledUntil: number;
  throttleCheckTimeoutId: ReturnType<typeof setTimeout> | null;
  pending: unknown[];
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}
