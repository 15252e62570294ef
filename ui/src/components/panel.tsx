/**
 * A titled dashboard panel.
 *
 * @module
 */

import type { ComponentChildren } from "preact";

/** Props of {@linkcode Panel}. */
export interface PanelProps {
  title: string;
  /** Small grey text after the title. */
  note?: string;
  /** Controls on the right of the title bar (a month picker). */
  actions?: ComponentChildren;
  children: ComponentChildren;
  /** Extra class, e.g. `wide`. */
  class?: string;
}

/** A white card with a title bar. */
export function Panel({ title, note, actions, children, class: extra }: PanelProps) {
  return (
    <section class={extra ? `panel ${extra}` : "panel"}>
      <header class="panel-head">
        <h2>{title}</h2>
        {note && <span class="note">{note}</span>}
        {actions && <div class="actions">{actions}</div>}
      </header>
      <div class="panel-body">{children}</div>
    </section>
  );
}
