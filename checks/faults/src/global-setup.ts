// Gives every test file a fresh results folder, and prints the table of all faults at the end
// (the same rows as README.md's table, with what this run measured).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { Outcome } from './verdict';

declare module 'vitest' {
  export interface ProvidedContext {
    resultsDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'mnist-wasm-faults-results-'));
  project.provide('resultsDir', dir);
  return () => {
    const groups = readdirSync(dir).filter((name) => name.endsWith('.json'));
    const rows = groups.flatMap((name) =>
      (JSON.parse(readFileSync(join(dir, name), 'utf8')) as Outcome[]).map((o) => ({
        ...o,
        group: name.replace(/\.json$/, ''),
      })),
    );
    rmSync(dir, { recursive: true, force: true });
    if (rows.length === 0) return;
    const survived = rows.filter((row) => row.problems.length === 0).length;
    const lines = [
      '| group | fault | result | peak RSS (MB) | cap (MB) | wall (ms) |',
      '| --- | --- | --- | ---: | ---: | ---: |',
      ...rows.map(
        (row) =>
          `| ${row.group} | ${row.fault} | ${row.problems.length ? `FAIL: ${row.problems[0]!.slice(0, 120)}` : 'survived'} | ${row.peakRssMb ?? '-'} | ${row.capMb ?? '-'} | ${row.wallMs ?? '-'} |`,
      ),
      '',
      `${survived} of ${rows.length} faults survived.`,
    ];
    console.log(`\nFault-injection summary\n\n${lines.join('\n')}\n`);
  };
}
