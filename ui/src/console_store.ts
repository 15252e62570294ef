/**
 * The console's state and its one-redraw-per-frame change notification.
 *
 * @module
 */

import { MinuteSeries } from "./minute_series.ts";
import type {
  AlertEvent,
  BehaviorRow,
  CategoryRatingRow,
  HealthEvent,
  QualityRow,
  RatingRow,
  RevenueRow,
  TopProductRow,
  TurnoverRow,
} from "./types.ts";

/** Connection state of the event stream. */
export type Connection = "connecting" | "live" | "offline";

/** Preset windows of the per-minute charts, in minutes. */
export const RANGE_PRESETS = [
  { key: "15m", label: "last 15 min", minutes: 15 },
  { key: "1h", label: "last 1 h", minutes: 60 },
  { key: "6h", label: "last 6 h", minutes: 360 },
  { key: "24h", label: "last 24 h", minutes: 1440 },
] as const;

/**
 * The per-minute charts' time range: a preset ending at the newest minute (live: now), or a
 * fixed custom `[from, to)` in unix seconds.
 */
export type MinuteRange =
  | { kind: "preset"; key: (typeof RANGE_PRESETS)[number]["key"] }
  | { kind: "custom"; from: number; to: number };

/** What `/api/config` says. */
export interface ConsoleConfig {
  /** ISO 4217 code of every money value. */
  currency: string;
  /** Where the currency came from: `option`, `data` or `default`. */
  currency_source: string;
  /** Whether a live pipeline feeds this server. */
  live: boolean;
}

/** One product of `/api/products`. */
export interface ProductInfo {
  product_id: string;
  name: string;
  category: string;
  brand: string | null;
}

/** Everything the console shows. Slices are replaced (reports) or merged in place (live). */
export interface ConsoleState {
  loaded: boolean;
  connection: Connection;
  error: string | null;
  months: string[];
  /** Month shown by the top products, funnel and ratings panels. */
  month: string | null;
  /** History range shown by the monthly charts (`YYYY-MM`, both included; null: open). */
  monthFrom: string | null;
  monthTo: string | null;
  /** What the top-10 chart ranks and draws. */
  topBy: "units" | "revenue";
  minuteRange: MinuteRange;
  config: ConsoleConfig;
  /** Product id → name, category, brand. */
  products: Map<string, ProductInfo>;
  revenue: RevenueRow[];
  topProducts: TopProductRow[];
  turnover: TurnoverRow[];
  behavior: BehaviorRow[];
  ratings: RatingRow[];
  categoryRatings: CategoryRatingRow[];
  quality: QualityRow[];
  alerts: Map<string, AlertEvent>;
  alertsVersion: number;
  health: HealthEvent | null;
  minutes: MinuteSeries;
  /** The newest minutes whatever range the charts show: what the header cards read. */
  recent: MinuteSeries;
}

/**
 * Holds the state; any number of changes within one animation frame cause one notification,
 * so a burst of SSE events costs one redraw.
 */
export class ConsoleStore {
  readonly state: ConsoleState = {
    loaded: false,
    connection: "connecting",
    error: null,
    months: [],
    month: null,
    monthFrom: null,
    monthTo: null,
    topBy: "units",
    minuteRange: { kind: "preset", key: "1h" },
    config: { currency: "USD", currency_source: "default", live: false },
    products: new Map(),
    revenue: [],
    topProducts: [],
    turnover: [],
    behavior: [],
    ratings: [],
    categoryRatings: [],
    quality: [],
    alerts: new Map(),
    alertsVersion: 0,
    health: null,
    minutes: new MinuteSeries(),
    recent: new MinuteSeries(),
  };
  readonly #listeners = new Set<() => void>();
  #frame = 0;

  /** Registers a listener; returns its removal. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Applies a change and schedules the (single) notification for the next frame. */
  update(change: (state: ConsoleState) => void): void {
    change(this.state);
    if (this.#frame !== 0) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      for (const listener of this.#listeners) listener();
    });
  }

  /** Records an alert (a later state for the same id replaces the earlier one). */
  putAlert(alert: AlertEvent): void {
    this.update((s) => {
      s.alerts.set(alert.id, alert);
      s.alertsVersion++;
    });
  }
}
