/**
 * What the console shows before there is any data.
 *
 * @module
 */

/** Tells the user which command produces data. */
export function EmptyState() {
  return (
    <section class="empty-state" data-empty-state>
      <h2>No data yet</h2>
      <p>The lake has no reports and no live pipeline is feeding this console. Run one of:</p>
      <pre><code>deno task replay --input data/sample</code></pre>
      <p>
        to replay the sample history into the lake (the console picks the reports up by itself), or
      </p>
      <pre><code>deno task start</code></pre>
      <p>to run the live pipeline with the embedded simulator.</p>
    </section>
  );
}
