/**
 * Fan-out of the pipeline's outputs to console clients over Server-Sent Events.
 *
 * @module
 */

/** Options of {@linkcode SseHub}; every field has a default. */
export interface SseHubOptions {
  /** Recent events kept for `Last-Event-ID` resume. Default 1000. */
  bufferSize?: number;
  /** Interval of heartbeat comment lines, ms; keeps proxies from closing idle streams. Default 15 000. */
  heartbeatMs?: number;
  /** Most concurrent clients; {@linkcode SseHub.connect} refuses beyond it. Default 200. */
  maxClients?: number;
  /** Frames a client may have waiting to be written; a client past it is dropped. Default 256. */
  clientQueueLimit?: number;
  /** Reconnect delay the browser is told to use, ms. Default 3000. */
  retryMs?: number;
}

interface Client {
  controller: ReadableStreamDefaultController<Uint8Array>;
  /** Frames not yet taken by the response writer; bounded by `clientQueueLimit`. */
  queue: Uint8Array[];
  /** Resolves a pending `pull` when a frame arrives or the client closes. */
  wake: (() => void) | null;
  closed: boolean;
}

const encoder = new TextEncoder();
const HEARTBEAT = encoder.encode(": heartbeat\n\n");

/**
 * Typed events with increasing ids, a bounded ring buffer for resume, heartbeats, a cap on
 * clients and a bounded queue per client: a client too slow to drain its queue is dropped (its
 * stream is closed, the browser reconnects with `Last-Event-ID` and resumes from the buffer),
 * so one stuck tab never makes the server buffer without bound.
 *
 * Event types the console understands: `metrics` (one closed minute), `alert`, `report` (a
 * lake report changed), `health` (gauges, sent with {@linkcode SseHub.broadcast}); see
 * `server/console_events.ts` for their payloads.
 * A `resync` event (no id) tells a resuming client that events were lost and it must refetch.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const hub = new SseHub({ heartbeatMs: 15_000 });
 * hub.publish("alert", { id: "a1", event_type: "purchase", state: "firing" });
 * const request = new Request("http://localhost/events", { headers: { "last-event-id": "0" } });
 * const stream = hub.connect(request.headers.get("last-event-id")); // null when full
 * const { value } = await stream!.getReader().read(); // the alert, replayed after event 0
 * assert.match(new TextDecoder().decode(value), /event: alert/);
 * hub.close();
 * ```
 */
export class SseHub {
  readonly #capacity: number;
  readonly #heartbeatMs: number;
  readonly #maxClients: number;
  readonly #queueLimit: number;
  readonly #retry: Uint8Array;
  /** Encoded frames; the frame of event id `k` sits at `k % capacity`. */
  readonly #ring: Uint8Array[];
  readonly #clients = new Set<Client>();
  #nextId = 1;
  #dropped = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #closed = false;

  /** Creates a hub; see {@linkcode SseHubOptions} for the defaults. */
  constructor(options: SseHubOptions = {}) {
    this.#capacity = positive("bufferSize", options.bufferSize ?? 1000);
    this.#heartbeatMs = positive("heartbeatMs", options.heartbeatMs ?? 15_000);
    this.#maxClients = positive("maxClients", options.maxClients ?? 200);
    this.#queueLimit = positive("clientQueueLimit", options.clientQueueLimit ?? 256);
    this.#retry = encoder.encode(`retry: ${positive("retryMs", options.retryMs ?? 3000)}\n\n`);
    this.#ring = new Array(this.#capacity);
  }

  /** Connected clients now. */
  get clientCount(): number {
    return this.#clients.size;
  }

  /** Clients dropped so far because their queue overflowed. */
  get droppedCount(): number {
    return this.#dropped;
  }

  /** Id of the latest event published, 0 before the first. */
  get lastEventId(): number {
    return this.#nextId - 1;
  }

  /**
   * Sends one event to every client and keeps it for resume.
   *
   * @param type event name (`metrics`, `alert`, `report`, `health`).
   * @param data JSON-serializable payload.
   * @returns the event's id.
   */
  publish(type: string, data: unknown): number {
    if (!/^[a-z_]+$/.test(type)) throw new TypeError(`SSE event type must be [a-z_]+: "${type}"`);
    const id = this.#nextId++;
    const frame = encoder.encode(`id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
    this.#ring[id % this.#capacity] = frame;
    for (const client of this.#clients) this.#send(client, frame);
    return id;
  }

  /**
   * Sends a transient event to the clients connected now: no id and not kept for resume, so
   * frequent snapshots (`health` every second) neither crowd the ring buffer nor replay stale.
   *
   * @param type event name.
   * @param data JSON-serializable payload.
   */
  broadcast(type: string, data: unknown): void {
    if (!/^[a-z_]+$/.test(type)) throw new TypeError(`SSE event type must be [a-z_]+: "${type}"`);
    const frame = encoder.encode(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
    for (const client of this.#clients) this.#send(client, frame);
  }

  /**
   * Opens a client stream, first replaying the events after `lastEventId` that are still
   * buffered. When some are gone (or the id is from an earlier server run) a `resync` event
   * comes first.
   *
   * @param lastEventId the `Last-Event-ID` the browser sent, if any.
   * @returns the body of the SSE response, or `null` when `maxClients` are connected.
   */
  connect(lastEventId?: string | number | null): ReadableStream<Uint8Array> | null {
    if (this.#closed || this.#clients.size >= this.#maxClients) return null;
    const client: Client = { controller: undefined!, queue: [], wake: null, closed: false };
    // highWaterMark 0: the stream pulls only when the response writer wants more, so frames
    // wait in `client.queue`, where a client that stops reading is detected and dropped.
    const stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        client.controller = controller;
        // The backlog goes out as one chunk so a long resume does not count as a slow client.
        client.queue.push(concat([this.#retry, ...this.#backlog(lastEventId)]));
        this.#clients.add(client);
        this.#startHeartbeat();
      },
      pull: async (controller) => {
        while (client.queue.length === 0 && !client.closed) {
          await new Promise<void>((resolve) => (client.wake = resolve));
        }
        client.wake = null;
        if (!client.closed) controller.enqueue(client.queue.shift()!);
      },
      cancel: () => this.#end(client, false),
    }, { highWaterMark: 0 });
    return stream;
  }

  /** Ends every client stream and stops the heartbeat; later `connect` calls return null. */
  close(): void {
    this.#closed = true;
    for (const client of this.#clients) this.#end(client, true);
    this.#stopHeartbeat();
  }

  #backlog(lastEventId: string | number | null | undefined): Uint8Array[] {
    if (lastEventId === undefined || lastEventId === null || lastEventId === "") return [];
    const last = Number(lastEventId);
    const oldest = Math.max(1, this.#nextId - this.#capacity);
    if (!Number.isInteger(last) || last < 0 || last >= this.#nextId) {
      return [encoder.encode(`event: resync\ndata: {"reason":"unknown_id"}\n\n`)];
    }
    const frames: Uint8Array[] = [];
    if (last < oldest - 1) frames.push(encoder.encode(`event: resync\ndata: {"reason":"gap"}\n\n`));
    for (let id = Math.max(last + 1, oldest); id < this.#nextId; id++) {
      frames.push(this.#ring[id % this.#capacity]);
    }
    return frames;
  }

  #send(client: Client, frame: Uint8Array): void {
    if (client.queue.length >= this.#queueLimit) {
      // Dropping beats buffering without bound; the browser reconnects and resumes by id.
      this.#dropped++;
      this.#end(client, true);
      return;
    }
    client.queue.push(frame);
    client.wake?.();
  }

  /** Forgets a client; `closeStream` ends its response (not needed when the reader cancelled). */
  #end(client: Client, closeStream: boolean): void {
    if (client.closed) return;
    client.closed = true;
    client.queue.length = 0;
    this.#clients.delete(client);
    if (closeStream) client.controller.close();
    client.wake?.();
    if (this.#clients.size === 0) this.#stopHeartbeat();
  }

  #startHeartbeat(): void {
    if (this.#timer !== undefined) return;
    const timer = setInterval(() => {
      for (const client of this.#clients) this.#send(client, HEARTBEAT);
    }, this.#heartbeatMs);
    // A hub with idle clients must not keep the process alive on its own.
    Deno.unrefTimer(timer);
    this.#timer = timer;
  }

  #stopHeartbeat(): void {
    if (this.#timer === undefined) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`SseHub option ${name} must be a positive integer: ${value}`);
  }
  return value;
}

function concat(parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
