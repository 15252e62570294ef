/**
 * Test helper: the partition the Java Kafka client's default partitioner picks for a keyed
 * message (`Utils.murmur2`, `Utils.toPositive`), written from the Java source independently of
 * kafkajs, to check that our producer partitions as every other client does.
 *
 * @module
 */

/**
 * `toPositive(murmur2(key)) % partitions`, as `BuiltInPartitioner.partitionForKey` computes it.
 *
 * @param key The message key (UTF-8).
 * @param partitions The topic's partition count.
 * @returns The partition.
 */
export function javaPartition(key: string, partitions: number): number {
  return (murmur2(new TextEncoder().encode(key)) & 0x7fffffff) % partitions;
}

function murmur2(data: Uint8Array): number {
  const length = data.length;
  const m = 0x5bd1e995;
  const r = 24;
  let h = (0x9747b28c ^ length) | 0;
  const whole = length >> 2;
  for (let i = 0; i < whole; i++) {
    const at = i * 4;
    let k = (data[at] & 0xff) | ((data[at + 1] & 0xff) << 8) | ((data[at + 2] & 0xff) << 16) |
      ((data[at + 3] & 0xff) << 24);
    k = Math.imul(k, m);
    k ^= k >>> r;
    k = Math.imul(k, m);
    h = Math.imul(h, m);
    h ^= k;
  }
  const tail = whole * 4;
  const rest = length % 4;
  if (rest === 3) h ^= (data[tail + 2] & 0xff) << 16;
  if (rest >= 2) h ^= (data[tail + 1] & 0xff) << 8;
  if (rest >= 1) {
    h ^= data[tail] & 0xff;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h;
}
