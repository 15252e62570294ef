/**
 * The one logger: plain lines on stderr, so stdout stays for results (tables, JSON).
 * Level from `SHOPEASE_LOG_LEVEL` (debug, info, warn, error; default info).
 *
 * @module
 */

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
/** A log level name. */
export type LogLevel = keyof typeof LEVELS;

function threshold(): number {
  const name = (Deno.env.get("SHOPEASE_LOG_LEVEL") ?? "info").toLowerCase();
  return LEVELS[name as LogLevel] ?? LEVELS.info;
}

const encoder = new TextEncoder();
let min = threshold();

function write(level: LogLevel, message: string): void {
  if (LEVELS[level] < min) return;
  const prefix = level === "info" ? "" : `${level}: `;
  Deno.stderr.writeSync(encoder.encode(`${prefix}${message}\n`));
}

/** Logs to stderr at the given levels. Never pass secrets or raw user ids. */
export const log = {
  debug: (message: string): void => write("debug", message),
  info: (message: string): void => write("info", message),
  warn: (message: string): void => write("warn", message),
  error: (message: string): void => write("error", message),
  /** Changes the minimum level at run time (tests, `--quiet`). */
  setLevel(level: LogLevel): void {
    min = LEVELS[level];
  },
};
