import assert from "node:assert/strict";
import { FileDecoder } from "../../../pipeline/sources/file_decoder.ts";

/** Decodes `bytes` in reads of `size` bytes; returns each non-empty text with its start. */
function decodeAll(bytes: Uint8Array, size: number): [string, number | undefined][] {
  const decoder = new FileDecoder();
  const out: [string, number | undefined][] = [];
  for (let i = 0; i < bytes.length; i += size) {
    const { text, start } = decoder.decode(bytes.subarray(i, i + size));
    if (text !== "") out.push([text, start]);
  }
  const { text, start } = decoder.flush();
  if (text !== "") out.push([text, start]);
  return out;
}

Deno.test("FileDecoder says where each text starts, past a BOM and split characters", () => {
  const bytes = new TextEncoder().encode("\uFEFFé€😀a");
  for (let size = 1; size <= 12; size++) {
    const pieces = decodeAll(bytes, size);
    assert.equal(pieces.map(([text]) => text).join(""), "é€😀a");
    for (const [text, start] of pieces) {
      const before = "é€😀a".slice(0, "é€😀a".indexOf(text));
      assert.equal(start, 3 + new TextEncoder().encode(before).length, `size ${size}`);
    }
  }
});

Deno.test("FileDecoder reads UTF-16 after its BOM, without byte offsets", () => {
  assert.deepEqual(decodeAll(new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0xe9, 0x00]), 4), [
    ["a", undefined],
    ["é", undefined],
  ]);
  assert.deepEqual(decodeAll(new Uint8Array([0x61]), 4), [["a", 0]]);
});
