/**
 * Serves the built console (`ui/dist`) with explicit content types.
 *
 * @module
 */

import type { Handler } from "hono";
import { HTTPException } from "hono/http-exception";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

/** Content types of the files the console build produces. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

/** Requests answered by another file: browsers ask for `/favicon.ico` whatever the page says. */
const ALIASES: Readonly<Record<string, string>> = {
  "/": "/index.html",
  "/favicon.ico": "/favicon.svg",
};

/** Default folder of the built console. */
export const DEFAULT_UI_DIR = fileURLToPath(new URL("../ui/dist/", import.meta.url));

/**
 * Handler for `GET *`: `/` is `index.html`, `/favicon.ico` is `favicon.svg`, other paths map to files under `dir`. Paths that
 * leave `dir`, dot-files and unknown extensions are 404. When the console was never built, `/`
 * answers 503 saying how to build it.
 *
 * @param dir the folder holding `index.html`, `app.js`, `app.css`.
 */
export function staticFiles(dir: string = DEFAULT_UI_DIR): Handler {
  return async (c) => {
    const path = ALIASES[c.req.path] ?? decodePath(c.req.path);
    const relative = normalize(path).replace(/^\/+/, "");
    const type = CONTENT_TYPES[extname(relative)];
    if (
      relative.startsWith("..") || relative.split("/").some((part) => part.startsWith(".")) || !type
    ) {
      throw new HTTPException(404, { message: `not found: ${c.req.path}` });
    }
    let body: Uint8Array<ArrayBuffer>;
    try {
      body = await Deno.readFile(join(dir, relative));
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      if (relative === "index.html") {
        throw new HTTPException(503, {
          message: `console not built (no ${
            join(dir, relative)
          }): run deno run -A server/build_ui.ts`,
        });
      }
      throw new HTTPException(404, { message: `not found: ${c.req.path}` });
    }
    return c.body(body, 200, { "content-type": type, "cache-control": "no-cache" });
  };
}

/**
 * Decodes a request path for the file lookup.
 *
 * @throws HTTPException 400 for a malformed escape (`/%`, `/%E0%A4%A`) or a control character
 * (`/index.html%00.js`): no file name holds one, and the file system would reject it with an
 * error that is not the client's to see.
 */
function decodePath(raw: string): string {
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    throw new HTTPException(400, { message: `malformed path: ${JSON.stringify(raw)}` });
  }
  // deno-lint-ignore no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) {
    throw new HTTPException(400, { message: `control character in path: ${JSON.stringify(raw)}` });
  }
  return path;
}
