/**
 * Reads Server-Sent Events frames from a response body, for tests.
 *
 * @module
 */

/** One parsed SSE frame; comments (heartbeats) come back with `comment` set. */
export interface Frame {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
  retry?: string;
}

/** Incremental reader over an SSE byte stream. */
export class SseReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder = new TextDecoder();
  #buffer = "";

  constructor(stream: ReadableStream<Uint8Array>) {
    this.#reader = stream.getReader();
  }

  /** Reads frames until `until` holds for the frames read so far or `timeoutMs` passes. */
  async readUntil(until: (frames: Frame[]) => boolean, timeoutMs = 2000): Promise<Frame[]> {
    const frames: Frame[] = [];
    const deadline = Date.now() + timeoutMs;
    while (!until(frames)) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`timed out after ${timeoutMs} ms with ${JSON.stringify(frames)}`);
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`timed out with ${JSON.stringify(frames)}`)),
          left,
        );
      });
      try {
        const chunk = await Promise.race([this.#reader.read(), timeout]);
        if (chunk.done) throw new Error(`stream ended with ${JSON.stringify(frames)}`);
        this.#buffer += this.#decoder.decode(chunk.value, { stream: true });
      } finally {
        clearTimeout(timer);
      }
      let end: number;
      while ((end = this.#buffer.indexOf("\n\n")) !== -1) {
        frames.push(parseFrame(this.#buffer.slice(0, end)));
        this.#buffer = this.#buffer.slice(end + 2);
      }
    }
    return frames;
  }

  /** Reads the next chunk; rejects if the stream errored. */
  read(): Promise<ReadableStreamReadResult<Uint8Array>> {
    return this.#reader.read();
  }

  /** Drops the connection, as a closed browser tab does. */
  async cancel(): Promise<void> {
    await this.#reader.cancel();
  }
}

function parseFrame(text: string): Frame {
  const frame: Frame = {};
  for (const line of text.split("\n")) {
    if (line.startsWith(":")) frame.comment = line.slice(1).trim();
    else {
      const colon = line.indexOf(":");
      const field = line.slice(0, colon) as keyof Frame;
      frame[field] = line.slice(colon + 1).trimStart();
    }
  }
  return frame;
}

/** Frames that carry an event (no comments, no `retry:`). */
export function events(frames: Frame[]): Frame[] {
  return frames.filter((frame) => frame.event !== undefined);
}
