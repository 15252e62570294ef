/**
 * Builds the console (`ui/`) into static files with esbuild: `index.html`, `app.js` (Preact and
 * uPlot bundled, no CDN) and `app.css` (uPlot's CSS included).
 *
 * Run: `deno run -A server/build_ui.ts [outDir]`.
 *
 * @module
 */

import * as esbuild from "esbuild";
import { basename, dirname, join, resolve } from "node:path";
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
 * Bundles `ui/src/app.tsx` and `ui/src/app.css` and copies `ui/index.html`, into a folder beside
 * the output that then takes the output's place: a failed, full-disk or killed build leaves the
 * last build as it was (or, killed between the two renames, none, so the next `start` builds).
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
  const outDir = resolve(opts.outDir ?? join(UI, "dist"));
  const parent = dirname(outDir);
  await Deno.mkdir(parent, { recursive: true });
  await removeAbandoned(parent, basename(outDir));
  // Built beside the output and put in place when whole: esbuild writes over files in place, so a
  // full disk or a kill mid-build left a cut-off bundle that looked newer than the sources.
  const id = crypto.randomUUID().slice(0, 8);
  const building = join(parent, `.${basename(outDir)}.build-${id}`);
  const old = join(parent, `.${basename(outDir)}.old-${id}`);
  try {
    await Deno.mkdir(building);
    const result = await bundle(building, opts.minify ?? true);
    await setAside(outDir, old);
    try {
      await Deno.rename(building, outDir);
    } catch (error) {
      // Another build (a second start) put its whole output there meanwhile: the same sources.
      if (!(await complete(outDir))) throw error;
      await Deno.remove(building, { recursive: true });
    }
    await Deno.remove(old, { recursive: true }).catch(() => {});
    return result;
  } catch (error) {
    await Deno.remove(building, { recursive: true }).catch(() => {});
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(
      `UI build into ${outDir} failed: ${cause.replace(/^Build failed with.*\n/, "")}`,
    );
  }
}

/** Moves the last build, if any, out of the way to `old` (a kill between the two renames leaves
 * no build, and the next `start` builds anew). */
async function setAside(outDir: string, old: string): Promise<void> {
  try {
    await Deno.rename(outDir, old);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}

/** Whether `dir` holds a whole build (every file is renamed in with its folder). */
async function complete(dir: string): Promise<boolean> {
  try {
    return (await Deno.stat(join(dir, "app.js"))).isFile;
  } catch {
    return false;
  }
}

/** Removes folders of builds killed midway (older than an hour; a build takes seconds). */
async function removeAbandoned(parent: string, name: string): Promise<void> {
  for await (const entry of Deno.readDir(parent)) {
    const ours = entry.name.startsWith(`.${name}.build-`) || entry.name.startsWith(`.${name}.old-`);
    if (!entry.isDirectory || !ours) continue;
    // A concurrent build's folder is minutes old at most; another run may remove it meanwhile.
    const path = join(parent, entry.name);
    try {
      const modified = (await Deno.stat(path)).mtime?.getTime() ?? 0;
      if (Date.now() - modified > 3_600_000) await Deno.remove(path, { recursive: true });
    } catch {
      // Gone already, or not ours to remove: the build goes on.
    }
  }
}

/** Bundles the console into the empty folder `outDir`; returns its sizes. */
async function bundle(outDir: string, minify: boolean): Promise<BuildUiResult> {
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
      minify,
      legalComments: "eof",
      metafile: true,
      logLevel: "silent",
    });
    if (result.errors.length > 0) throw new Error(result.errors[0].text);
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
