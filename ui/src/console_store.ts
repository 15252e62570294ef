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

/** Everything the console shows. Slices are replaced (reports) or merged in place (live). */
export interface ConsoleState {
  loaded: boolean;
  connection: Connection;
  error: string | null;
  months: string[];
  /** Month shown by the top products and ratings panels. */
  month: string | null;
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
