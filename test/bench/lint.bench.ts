// Inputs and in-process timing for the lint benchmark (scripts/bench.mjs, section 4).
import { defaultLintConfig } from '../../src/core/lint/lintConfig';
import { lintText } from '../../src/core/lint/engine';

/**
 * A PostgreSQL migration of about `lines` lines (80,000 lines ≈ 3.8 MB): tables created, indexes
 * with and without CONCURRENTLY on tables that existed before the file, added columns, batched
 * updates, and comments and string literals that look like SQL but must not be flagged.
 * `blockingIndexes` counts the CREATE INDEX statements without CONCURRENTLY: each must be found.
 */
export function generateMigration(lines: number): { text: string; blockingIndexes: number; lines: number } {
  const out: string[] = ["SET lock_timeout = '5s';", "SET statement_timeout = '15min';"];
  let blockingIndexes = 0;
  for (let i = 0; out.length < lines; i++) {
    const t = `orders_${i % 97}`;
    switch (i % 8) {
      case 0:
        out.push(
          `-- ${i}: reporting table`,
          `CREATE TABLE IF NOT EXISTS report_${i} (`,
          '  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,',
          '  customer_id bigint NOT NULL,',
          "  status text NOT NULL DEFAULT 'pending',",
          '  created_at timestamptz NOT NULL DEFAULT now()',
          ');',
        );
        break;
      case 1:
        out.push(`CREATE INDEX idx_${t}_customer_${i} ON ${t} (customer_id, created_at);`);
        blockingIndexes++;
        break;
      case 2:
        out.push(`CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_${t}_status_${i} ON ${t} (status) WHERE status <> 'done';`);
        break;
      case 3:
        out.push(`ALTER TABLE ${t} ADD COLUMN IF NOT EXISTS note_${i} text;`, `COMMENT ON COLUMN ${t}.note_${i} IS 'CREATE INDEX idx_fake ON ${t} (x)';`);
        break;
      case 4:
        out.push(`UPDATE ${t}`, `   SET note_${i - 1} = 'migrated'`, ` WHERE id BETWEEN ${i * 1000} AND ${i * 1000 + 999};`);
        break;
      case 5:
        out.push(`/* CREATE INDEX idx_commented_${i} ON ${t} (customer_id);`, '   kept for reference, never run */');
        break;
      case 6:
        out.push(`INSERT INTO audit (step, note) VALUES (${i}, 'CREATE INDEX x ON ${t} (id); --');`);
        break;
      default:
        out.push(`CREATE UNIQUE INDEX idx_${t}_ref_${i} ON ${t} USING btree (lower(external_ref));`, '');
        blockingIndexes++;
    }
  }
  return { text: `${out.join('\n')}\n`, blockingIndexes, lines: out.length };
}

/** A Spring Boot properties file of `lines` lines, with a few risky settings among many plain ones. */
export function generateProperties(lines: number): string {
  const out: string[] = [];
  for (let i = 0; out.length < lines; i++) {
    switch (i % 20) {
      case 0:
        out.push(`# section ${i}`);
        break;
      case 7:
        out.push('server.servlet.session.timeout=30');
        break;
      case 13:
        out.push('spring.datasource.hikari.connection-timeout=30');
        break;
      default:
        out.push(`app.feature${i}.name=value-${i}`, `app.feature${i}.timeout=${i}s`);
    }
  }
  return `${out.slice(0, lines).join('\n')}\n`;
}

/** Lint runs before any is timed: enough for V8 to have compiled the hot code, as in an editor session that has linted a while. */
export const WARM_UP_RUNS = 20;

/**
 * Median and minimum wall time of `runs` in-process lints, after WARM_UP_RUNS untimed ones, and
 * the time of the very first lint (V8 still interpreting: what the first lint of a session costs).
 * Each run lints a text of its own (the same file plus a comment line naming the run), as an
 * editor does after each keystroke: the SQL analysis is cached per text, and linting one string
 * over and over would time only the cache. The text is one flat string, as VS Code's
 * `document.getText()` hands it over (it joins the lines), not a concatenation.
 */
export function benchLint(text: string, file: string, runs: number): { medianMs: number; minMs: number; firstMs: number; findings: number } {
  const config = defaultLintConfig();
  const comment = file.toLowerCase().endsWith('.sql') ? '--' : '#';
  const variant = (k: string): string => [text, `${comment} bench run ${k}\n`].join('');
  let findings = 0;
  let firstMs = 0;
  for (let i = 0; i < WARM_UP_RUNS; i++) {
    const input = variant(`warm-up ${i}`);
    const t0 = performance.now();
    findings = lintText(input, file, config, { maxFindings: Infinity }).findings.length;
    if (i === 0) firstMs = performance.now() - t0;
  }
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const input = variant(String(i));
    const t0 = performance.now();
    lintText(input, file, config, { maxFindings: Infinity });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)], minMs: times[0], firstMs, findings };
}
