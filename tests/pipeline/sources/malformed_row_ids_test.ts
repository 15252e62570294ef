import assert from "node:assert/strict";
import { malformedRowIds } from "../../../pipeline/sources/malformed_row_ids.ts";

Deno.test("malformedRowIds() takes each id column's value counted from both ends, unquoted", () => {
  assert.deepEqual(malformedRowIds('a,"u1",extra', ["x", "user_id"], ["user_id"]), ["u1", "extra"]);
  assert.deepEqual(
    malformedRowIds("u1,s1", ["user_id", "user_session"], ["user_id", "user_session"]),
    [
      "u1",
      "s1",
    ],
  );
  assert.deepEqual(malformedRowIds("a", ["x", "user_id", "y"], ["user_id"]), []);
});
