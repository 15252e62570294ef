/**
 * Builds the console (`ui/`) into static files with esbuild: `index.html`, `app.js` (Preact and
 * uPlot bundled, no CDN) and `app.css` (uPlot's CSS included).
 *
 * Run: `deno run -A server/build_ui.ts [outDir]`.
 *
 * @module
 */

import * as esbuild from "esbuild";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

/** Options of {@linkcode buildUi}. */
export interface BuildUiOptions {
  /** Output folder; default `ui/dist`. */
  outDir?: string;
  /** Minify JS and CSS; default true. */
  minify?: boolean;
}

/** Sizes of the built console: all files, raw and gzip-compressed one by one. */
export interface BuildUiResult {
  bytes: number;
  gzipBytes: number;
}

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const UI = join(ROOT, "ui");
const STATIC_FILES = ["index.html", "favicon.svg"];

/**
 * Bundles `ui/src/app.tsx` and `ui/src/app.css` and copies `ui/index.html`.
 *
 * @returns total size of the output files and of their gzip encodings (what a browser
 *   downloads when compression is on).
 *
 * @example
 * ```ts
 * // Only type-checked: it bundles the console into ui/dist.
 * async function build(): Promise<string> {
 *   const { bytes, gzipBytes } = await buildUi({ outDir: "ui/dist" });
 *   return `${bytes} bytes, ${gzipBytes} gzipped`;
 * }
 * ```
 */
export async function buildUi(opts: BuildUiOptions = {}): Promise<BuildUiResult> {
  const outDir = opts.outDir ?? join(UI, "dist");
  await Deno.mkdir(outDir, { recursive: true });
  try {
    const result = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: [
        { in: join(UI, "src", "app.tsx"), out: "app" },
        { in: join(UI, "src", "app.css"), out: "app" },
      ],
      outdir: outDir,
      bundle: true,
      format: "esm",
      target: ["chrome109", "firefox115", "safari16"],
      jsx: "automatic",
      jsxImportSource: "preact",
      minify: opts.minify ?? true,
      legalComments: "eof",
      metafile: true,
      logLevel: "silent",
    });
    if (result.errors.length > 0) throw new Error(`UI build failed: ${result.errors[0].text}`);
  } finally {
    await esbuild.stop();
  }
  for (const file of STATIC_FILES) await Deno.copyFile(join(UI, file), join(outDir, file));

  let bytes = 0;
  let gzipBytes = 0;
  for (const file of ["app.js", "app.css", ...STATIC_FILES]) {
    const content = await Deno.readFile(join(outDir, file));
    bytes += content.length;
    gzipBytes += gzipSync(content, { level: 9 }).length;
  }
  return { bytes, gzipBytes };
}

/**
 * Whether the console must be (re)built: an output file is missing, or a file under `ui/`
 * (outside `ui/dist` and the output folder) changed after the last build wrote `app.js`. Costs a `stat` per
 * source file, so `start` can check on every run and the console always matches the source.
 *
 * @param outDir the build's output folder; default `ui/dist`.
 * @returns true when {@linkcode buildUi} should run.
 *
 * @example
 * ```ts
 * // Only type-checked: it may bundle the console into ui/dist.
 * async function ensureUi(): Promise<void> {
 *   if (await uiIsStale()) await buildUi();
 * }
 * ```
 */
export async function uiIsStale(outDir: string = join(UI, "dist")): Promise<boolean> {
  const built = await mtime(join(outDir, "app.js"));
  if (built === null) return true;
  for (const file of ["app.css", ...STATIC_FILES]) {
    if (await mtime(join(outDir, file)) === null) return true;
  }
  return await newestSource(UI, [resolve(UI, "dist"), resolve(outDir)]) > built;
}

/** Latest modification time of the files under `dir`, skipping the `skip` folders and dot-files. */
async function newestSource(dir: string, skip: string[]): Promise<number> {
  let newest = -Infinity;
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.name.startsWith(".") || skip.includes(resolve(path))) continue;
    const time = entry.isDirectory ? await newestSource(path, skip) : await mtime(path);
    if (time !== null && time > newest) newest = time;
  }
  return newest;
}

async function mtime(path: string): Promise<number | null> {
  try {
    return (await Deno.stat(path)).mtime?.getTime() ?? 0;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

if (import.meta.main) {
  const outDir = Deno.args[0];
  const { bytes, gzipBytes } = await buildUi({ outDir });
  console.log(`console built in ${outDir ?? "ui/dist"}: ${bytes} bytes, ${gzipBytes} bytes gzip`);
}
