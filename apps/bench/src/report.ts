import type { ModelKind } from './contenders';
import type { NotebookRunResult, SweepRunResult } from './notebook-runs';
import { formatRoofline, type RooflineReport } from './roofline';
import { formatScaling, type ScalingRow } from './scaling';
import type { ContenderResult } from './side-by-side';
import { secondsPerEpoch } from './stats';

/** Everything one benchmark invocation measured: the `--json` output. */
export interface BenchReport {
  environment: { tfjs: string; node: string; simd: boolean; threads: number };
  plan: {
    batchSize: number;
    stepsPerWindow: number;
    windows: number;
    cpuWindows: number;
    evalSteps: number;
  };
  stockLoss: string;
  /**
   * The PyTorch rows' interpreter, torch's version and BLAS, or why they were not measured; null
   * when neither model was benchmarked.
   */
  pytorch:
    | { measured: true; python: string; torch: string; blas: string }
    | { measured: false; note: string }
    | null;
  data: { loadMs: number; normalizeMs: number; trainExamples: number };
  /** One side-by-side comparison per model trained. */
  comparisons: ModelComparison[];
  /** `train()` on each `--threads` count, per model (the first count the baseline). */
  scaling: ScalingRow[];
  notebook: { ours: NotebookRunResult; stock: NotebookRunResult } | null;
  /** `mnist-notebook sweep --seeds 1-8` on 1 and on 2 worker threads; null with --quick. */
  sweep: { one: SweepRunResult; two: SweepRunResult; speedup: number } | null;
  /**
   * The backend's roofline (`packages/backend/bench/roofline.mjs --json`, run last in a child
   * process), or why it could not run.
   */
  roofline: RooflineReport | { failed: string };
}

/** The runs of one model, side by side. */
export interface ModelComparison {
  model: ModelKind;
  runs: Array<ContenderResult & { secondsPerEpoch: number }>;
  /** Median ms/step of model.fit on wasm (the first run) over ours. */
  speedup: number;
}

/** Adds s/epoch (for a 60,000-example epoch of `batchSize` steps) to each result. */
export function withEpochTimes(
  results: ContenderResult[],
  examples: number,
  batchSize: number,
): ModelComparison['runs'] {
  return results.map((r) => ({
    ...r,
    secondsPerEpoch: secondsPerEpoch(r.msPerStep, examples, batchSize),
  }));
}

function cells(values: string[], widths: number[]): string {
  return values.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
}

/** When the runs were evaluated: "the same 400 steps", or each run's steps when they differ. */
function evaluatedAfter(runs: ModelComparison['runs']): string {
  const steps = new Set(runs.map((r) => r.test.steps));
  if (steps.size === 1) return `the same ${runs[0]?.test.steps} steps`;
  return runs.map((r) => `${r.test.steps} steps (${r.name})`).join(', ');
}

/** The table of one model's runs, with each one's ratio to ours. */
function formatComparison(comparison: ModelComparison): string[] {
  const ours = comparison.runs.find((r) => r.name.startsWith('ours'));
  const widths = [38, 8, 8, 9, 10, 9];
  return [
    `${comparison.model === 'mlp' ? "MLP (the notebook's model)" : 'CNN (createMnistCnn defaults)'}:`,
    cells(['run', 'ms/step', 's/epoch', 'x ours', `test loss`, 'test acc'], widths),
    ...comparison.runs.map((r) =>
      cells(
        [
          r.name,
          r.msPerStep.toFixed(2),
          r.secondsPerEpoch.toFixed(2),
          ours ? `${(r.msPerStep / ours.msPerStep).toFixed(2)}x` : '-',
          r.test.loss.toFixed(4),
          r.test.accuracy.toFixed(4),
        ],
        widths,
      ),
    ),
    `(test loss and accuracy on the 10,000 test images after ${evaluatedAfter(comparison.runs)})`,
    `speed-up ${comparison.runs[0]?.name} / ours: ${comparison.speedup.toFixed(2)}x`,
    '',
  ];
}

/** Each model's PyTorch row (its name says its threads) and its s/epoch, to set beside the scaling rows. */
function pytorchEpochs(
  comparisons: readonly ModelComparison[],
): Map<ModelKind, { name: string; secondsPerEpoch: number }> {
  const rows = new Map<ModelKind, { name: string; secondsPerEpoch: number }>();
  for (const comparison of comparisons) {
    const torch = comparison.runs.find((run) => run.name.startsWith('PyTorch'));
    if (torch) rows.set(comparison.model, torch);
  }
  return rows;
}

/** The human-readable report: a table per model, the speed-ups, data and notebook figures. */
export function formatReport(report: BenchReport): string {
  const { plan, environment: env } = report;
  const lines = [
    `TF.js ${env.tfjs}, Node ${env.node}, wasm SIMD ${env.simd ? 'on' : 'off'}, ${env.threads} thread(s); batch ${plan.batchSize}`,
    `ms/step: median of ${plan.windows} windows of ${plan.stepsPerWindow} steps after 1 warm-up window (cpu: ${plan.cpuWindows} windows); s/epoch = ms/step x ${Math.ceil(report.data.trainExamples / plan.batchSize)} steps`,
    `stock loss: ${report.stockLoss}`,
    ...(report.pytorch === null
      ? []
      : report.pytorch.measured
        ? [
            `PyTorch: ${report.pytorch.python}, torch ${report.pytorch.torch} (BLAS ${report.pytorch.blas}${report.pytorch.blas === 'generic' ? ': the system libblas' : ''}), eager, the threads in each row's name; ms/step timed by the script around each window`,
          ]
        : [report.pytorch.note]),
    '',
    ...report.comparisons.flatMap((comparison) => formatComparison(comparison)),
    ...formatScaling(report.scaling, pytorchEpochs(report.comparisons)),
    '',
    `dataset: load ${report.data.loadMs.toFixed(0)} ms, normalize all ${report.data.trainExamples} training images to float32 ${report.data.normalizeMs.toFixed(0)} ms (ours normalizes batch by batch)`,
  ];
  if (report.notebook) {
    const { ours: o, stock: s } = report.notebook;
    lines.push(
      'full notebook run (5 epochs, 60,000 images, seed 1, evaluation included), each in its own process:',
      `  ours  (apps/notebook):           peak RSS ${o.peakRssMb.toFixed(0)} MB, train ${(o.trainMs / 1000).toFixed(1)} s, test loss ${o.test.loss.toFixed(4)}, accuracy ${o.test.accuracy.toFixed(4)}`,
      `  stock (model.fit, stock kernels): peak RSS ${s.peakRssMb.toFixed(0)} MB, train ${(s.trainMs / 1000).toFixed(1)} s, test loss ${s.test.loss.toFixed(4)}, accuracy ${s.test.accuracy.toFixed(4)}`,
    );
  } else {
    lines.push('full notebook runs skipped (--quick)');
  }
  if (report.sweep) {
    const { one, two, speedup } = report.sweep;
    lines.push(
      `sweep --seeds 1-8 (the whole notebook each): 1 worker ${(one.wallMs / 1000).toFixed(1)} s (${one.runsPerMinute.toFixed(1)} runs/min), ` +
        `2 workers ${(two.wallMs / 1000).toFixed(1)} s (${two.runsPerMinute.toFixed(1)} runs/min): ${speedup.toFixed(2)}x`,
    );
  }
  lines.push(
    '',
    ...('failed' in report.roofline
      ? [`roofline: not measured (${report.roofline.failed})`]
      : formatRoofline(report.roofline)),
  );
  return lines.join('\n');
}
