/**
 * The one option parser: command-line flags over environment variables over defaults, each
 * value checked against its declared kind so a bad value stops with a message naming the option
 * and the value.
 *
 * @module
 */

/** The kinds of values an option can hold. */
export type OptionKind = "string" | "int" | "number" | "duration" | "boolean" | "list";

/** Declares one option. */
export interface OptionSpec {
  /** Flag name without dashes, kebab-case: `batch-size` is `--batch-size`. */
  name: string;
  kind: OptionKind;
  help: string;
  /** Environment variable consulted when the flag is absent. */
  env?: string;
  /** Default when neither flag nor environment gives a value. */
  default?: string | number | boolean | string[];
  /** Allowed values (strings only). */
  choices?: readonly string[];
  /** A string option that may be given as `""` (a prefix); others refuse it (an empty path). */
  allowEmpty?: boolean;
  /** Inclusive lower bound for numbers and durations. */
  min?: number;
  /** Inclusive upper bound for numbers. */
  max?: number;
  /** Placeholder shown in help, e.g. `DIR`. */
  placeholder?: string;
  /**
   * The default as help shows it, when the value depends on where it runs (`on a terminal`);
   * without it help shows `default`, durations in their largest whole unit (`5m`).
   */
  defaultText?: string;
}

/** A bad flag or value; the CLI prints the message and the command's usage, then exits 2. */
export class UsageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "UsageError";
  }
}

/** Parsed values by option name (kebab-case) and the remaining positional arguments. */
export interface ParsedOptions {
  values: Record<string, string | number | boolean | string[] | undefined>;
  positionals: string[];
  /** Where each value came from, for `--help`-style diagnostics. */
  origin: Record<string, "flag" | "env" | "default">;
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a duration like `500ms`, `30s`, `5m`, `24h`, `7d`; a bare number is milliseconds.
 *
 * @param text the duration text
 * @returns milliseconds, or NaN when the text is not a duration
 * @example parseDuration("5m") // 300000
 */
export function parseDuration(text: string): number {
  const m = DURATION.exec(text.trim());
  if (!m) return NaN;
  return Math.round(Number(m[1]) * UNIT_MS[m[2] ?? "ms"]);
}

function convert(
  spec: OptionSpec,
  text: string,
  from: string,
): string | number | boolean | string[] {
  const where = `${from} (value ${JSON.stringify(text)})`;
  switch (spec.kind) {
    case "string": {
      // An empty path would name the current folder or, joined with a file name, the root.
      if (text === "" && !spec.allowEmpty) {
        throw new UsageError(`--${spec.name} needs a value; got ""`);
      }
      if (spec.choices && !spec.choices.includes(text)) {
        throw new UsageError(
          `--${spec.name} must be one of ${spec.choices.join(", ")}; got ${JSON.stringify(text)}`,
        );
      }
      return text;
    }
    case "list":
      return text.split(",").map((s) => s.trim()).filter((s) => s !== "");
    case "boolean": {
      const t = text.toLowerCase();
      if (["1", "true", "yes", "on"].includes(t)) return true;
      if (["0", "false", "no", "off"].includes(t)) return false;
      throw new UsageError(`--${spec.name} expects true or false; got ${where}`);
    }
    case "int":
    case "number":
    case "duration": {
      const n = spec.kind === "duration" ? parseDuration(text) : Number(text);
      const label = spec.kind === "duration"
        ? "a duration like 30s, 5m or 24h"
        : spec.kind === "int"
        ? "a whole number"
        : "a number";
      if (
        !Number.isFinite(n) || text.trim() === "" || (spec.kind === "int" && !Number.isInteger(n))
      ) {
        throw new UsageError(`--${spec.name} expects ${label}; got ${where}`);
      }
      // Help names units everywhere: `simulate --duration 60` ran 60 ms and sent nothing.
      if (spec.kind === "duration" && n !== 0 && /^\s*[\d.]+\s*$/.test(text)) {
        throw new UsageError(
          `--${spec.name} needs a unit (ms, s, m, h or d), e.g. ${text.trim()}s; got ${where}`,
        );
      }
      // A duration's bound in its unit: "at least 100" said nothing of milliseconds.
      const bound = (value: number) => spec.kind === "duration" ? durationText(value) : value;
      if (spec.min !== undefined && n < spec.min) {
        throw new UsageError(`--${spec.name} must be at least ${bound(spec.min)}; got ${where}`);
      }
      if (spec.max !== undefined && n > spec.max) {
        throw new UsageError(`--${spec.name} must be at most ${bound(spec.max)}; got ${where}`);
      }
      return n;
    }
  }
}

/**
 * Parses `args` against `specs`: `--name value`, `--name=value`, `--flag`, `--no-flag`.
 * Flags win over environment variables, which win over defaults. `list` options may repeat.
 *
 * @param specs the options the command accepts
 * @param args the command's arguments (after the subcommand)
 * @param env environment lookup, `Deno.env.get` by default
 * @returns values by name and positional arguments
 * @throws UsageError naming the option and the value for anything unknown or malformed
 * @example
 * ```ts
 * const { values } = parseOptions([{ name: "lake", kind: "string", default: "./lake", help: "" }], ["--lake", "/tmp/l"]);
 * ```
 */
export function parseOptions(
  specs: readonly OptionSpec[],
  args: readonly string[],
  env: (name: string) => string | undefined = (n) => Deno.env.get(n),
): ParsedOptions {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const values: ParsedOptions["values"] = {};
  const origin: ParsedOptions["origin"] = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    let name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    let text: string | undefined = eq < 0 ? undefined : arg.slice(eq + 1);
    let spec = byName.get(name);
    if (!spec && name.startsWith("no-") && byName.get(name.slice(3))?.kind === "boolean") {
      name = name.slice(3);
      spec = byName.get(name);
      text = "false";
    }
    if (!spec) {
      throw new UsageError(`unknown option ${JSON.stringify(arg)}`);
    }
    if (text === undefined) {
      if (spec.kind === "boolean") text = "true";
      else if (i + 1 < args.length && !args[i + 1].startsWith("--")) text = args[++i];
      else throw new UsageError(`--${name} needs a value`);
    }
    const value = convert(spec, text, `--${name}`);
    if (spec.kind === "list" && origin[name] === "flag") {
      values[name] = [...(values[name] as string[]), ...(value as string[])];
    } else {
      values[name] = value;
    }
    origin[name] = "flag";
  }
  for (const spec of specs) {
    if (origin[spec.name]) continue;
    const fromEnv = spec.env ? env(spec.env) : undefined;
    if (fromEnv !== undefined && fromEnv !== "") {
      values[spec.name] = convert(spec, fromEnv, `${spec.env}`);
      origin[spec.name] = "env";
    } else {
      const d = spec.default;
      values[spec.name] = typeof d === "string" && spec.kind !== "string" && spec.kind !== "list"
        ? convert(spec, d, `default of --${spec.name}`)
        : d;
      origin[spec.name] = "default";
    }
  }
  return { values, positionals, origin };
}

/**
 * Refuses arguments that are not options, for a command that takes none: ignored, `report L
 * 2025-08` showed another month than the one asked for, and `compact L activity` every table.
 *
 * @param command the subcommand, for the message
 * @param positionals what `parseOptions` found besides options
 * @throws UsageError naming the first such argument
 * @example noPositionals("report", []); // fine
 */
export function noPositionals(command: string, positionals: readonly string[]): void {
  if (positionals.length === 0) return;
  throw new UsageError(
    `${command} takes only options; got ${JSON.stringify(positionals[0])} ` +
      `(options are --name value)`,
  );
}

/**
 * Renders help text for a command: usage line, description and one line per option with its
 * environment variable and default.
 *
 * @param usage e.g. `deno task replay --input <path> [options]`
 * @param description one paragraph
 * @param specs the options
 */
export function formatHelp(
  usage: string,
  description: string,
  specs: readonly OptionSpec[],
): string {
  const lines = [`Usage: ${usage}`, "", description, "", "Options:"];
  for (const s of specs) {
    const flag = s.kind === "boolean"
      ? `--[no-]${s.name}`
      : `--${s.name} ${s.placeholder ?? s.kind.toUpperCase()}`;
    const extra: string[] = [];
    if (s.choices) extra.push(`one of ${s.choices.join("|")}`);
    if (s.env) extra.push(`env ${s.env}`);
    if (s.defaultText !== undefined) extra.push(`default ${s.defaultText}`);
    else if (s.default !== undefined && s.default !== "") {
      extra.push(`default ${s.kind === "duration" ? durationText(s.default) : String(s.default)}`);
    }
    lines.push(`  ${flag.padEnd(28)} ${s.help}${extra.length ? ` (${extra.join("; ")})` : ""}`);
  }
  lines.push(`  ${"--help".padEnd(28)} show this help`);
  return lines.join("\n");
}

/**
 * A duration as help and logs show it, in its largest whole unit up to hours, or in days past
 * one day: `300000` or `"300000ms"` → `5m`, `86400000` → `24h`, `2592000000` → `30d`.
 */
export function durationText(value: string | number | boolean | string[] | undefined): string {
  const ms = typeof value === "number" ? value : parseDuration(String(value));
  if (!Number.isFinite(ms) || ms === 0) return String(value);
  if (ms > 86_400_000 && ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  for (const [name, unit] of [["h", 3_600_000], ["m", 60_000], ["s", 1000]]) {
    if (ms % (unit as number) === 0) return `${ms / (unit as number)}${name}`;
  }
  return `${ms}ms`;
}
