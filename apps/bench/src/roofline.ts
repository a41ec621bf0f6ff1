import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** One row of the old path (tf.matMul, convolutions on XNNPACK): dense arithmetic. */
export interface RooflineStockRow {
  name: string;
  ms: number;
  flops: number;
  gflops: number;
  percentOfPeak: number;
}

/** One row of the Dense kernels: GFLOP/s on the multiply-adds done and dense-equivalent. */
export interface RooflineDenseRow {
  name: string;
  ms: number;
  flopsDone: number;
  flopsDense: number;
  gflopsDone: number;
  gflopsDense: number;
  percentOfPeakDone: number;
  percentOfPeakDense: number;
}

/**
 * One row of the convnet's kernels: a convolution's GFLOP/s dense-equivalent (its loops skip
 * zeros, so it can exceed the peak), or a pool's GB/s.
 */
export interface RooflineConvnetRow {
  name: string;
  ms: number;
  flopsDense?: number;
  gflopsDense?: number;
  percentOfPeakDense?: number;
  bytes?: number;
  gbPerSecond?: number;
}

/** The convnet's kernels on one training step of createMnistCnn (roofline-convnet.mjs). */
export interface RooflineConvnet {
  /** Nonzero fractions of the operands whose zeros the loops skip. */
  densities: {
    x: number;
    conv1Output: number;
    pool1Output: number;
    conv2Output: number;
    conv2DOutput: number;
    conv1DOutput: number;
  };
  rows: RooflineConvnetRow[];
  /** The rows' medians added: the kernels' share of one convnet step. */
  totalMs: number;
}

/** What `node packages/backend/bench/roofline.mjs --json` prints (one line of JSON). */
export interface RooflineReport {
  environment: { tfjs: string; node: string; simd: boolean; threads: number };
  /** The WebAssembly SIMD peak of bench/simd-peak.wat. */
  peakGflops: number;
  peak: string;
  runs: number;
  warmup: number;
  stock: RooflineStockRow[];
  /** The real MNIST batch of the Dense rows, or why it is missing (then `dense` is empty). */
  data:
    | {
        source: string;
        images: string;
        shape: [number, number];
        xNonzeros: number;
        xDensity: number;
        hNonzeros: number;
        hDensity: number;
      }
    | { source: null; missing: string };
  dense: RooflineDenseRow[];
  /** The convnet's kernels, on the same batch; null when the batch is missing. */
  convnet: RooflineConvnet | null;
  adam: { name: string; weights: number; bytes: number; ms: number; gbPerSecond: number };
}

/**
 * The backend's roofline script. apps/bench is private and runs from the repository, so the
 * script is found relative to it (src/ and the bundled dist/ are both three levels down).
 */
export const ROOFLINE_SCRIPT = fileURLToPath(
  new URL('../../../packages/backend/bench/roofline.mjs', import.meta.url),
);

/**
 * Runs the roofline script with `--json` in a child process (a few seconds) and returns its
 * figures.
 *
 * @throws Error naming the script and its stderr when it fails or prints no JSON.
 */
export function runRoofline(): Promise<RooflineReport> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [ROOFLINE_SCRIPT, '--json'],
      { maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`${ROOFLINE_SCRIPT} failed: ${error.message}\n${stderr.slice(-2000)}`));
          return;
        }
        const last = stdout.trim().split('\n').at(-1) ?? '';
        try {
          resolve(JSON.parse(last) as RooflineReport);
        } catch {
          reject(
            new Error(
              `${ROOFLINE_SCRIPT} printed no JSON; stdout ends with: ${stdout.slice(-500)}`,
            ),
          );
        }
      },
    );
  });
}

function cells(values: string[], widths: number[]): string {
  return values.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
}

const pct = (value: number) => `${value.toFixed(0)}%`;

/** The roofline section of the report, in the bench's table style. */
export function formatRoofline(roofline: RooflineReport): string[] {
  const { data } = roofline;
  const widths = [48, 8, 8, 6, 8, 6];
  const lines = [
    `roofline (node packages/backend/bench/roofline.mjs; median of ${roofline.runs} runs): WebAssembly SIMD peak ${roofline.peakGflops.toFixed(1)} GFLOP/s (${roofline.peak})`,
    cells(['stock/XNNPACK path (random operands)', 'ms', 'GFLOP/s', 'peak'], widths),
    ...roofline.stock.map((r) =>
      cells([r.name, r.ms.toFixed(3), r.gflops.toFixed(1), pct(r.percentOfPeak)], widths),
    ),
  ];
  if (data.source === null) {
    lines.push(`Dense kernels not measured: ${data.missing}`);
  } else {
    lines.push(
      `Dense kernels on a real MNIST batch (train images ${data.images.replace(/^train /, '')}, x/255): x ${(100 * data.xDensity).toFixed(1)}% nonzero, h ${(100 * data.hDensity).toFixed(1)}%; GFLOP/s on the multiply-adds done (zeros skipped) and dense-equivalent`,
      cells(['Dense kernel', 'ms', 'done', 'peak', 'dense-eq', 'peak'], widths),
      ...roofline.dense.map((r) =>
        cells(
          [
            r.name,
            r.ms.toFixed(3),
            r.gflopsDone.toFixed(1),
            pct(r.percentOfPeakDone),
            r.gflopsDense.toFixed(1),
            pct(r.percentOfPeakDense),
          ],
          widths,
        ),
      ),
    );
  }
  if (roofline.convnet) lines.push(...formatConvnet(roofline.convnet, widths));
  const { adam } = roofline;
  lines.push(
    `memory-bound: ${adam.name} on the MLP's ${adam.weights.toLocaleString('en-US')} weights ${adam.ms.toFixed(3)} ms, ${adam.gbPerSecond.toFixed(1)} GB/s (7 float32 arrays per weight)`,
  );
  return lines;
}

/** The convnet kernels' rows: convolutions in GFLOP/s dense-equivalent, pools in GB/s. */
function formatConvnet({ densities: d, rows, totalMs }: RooflineConvnet, widths: number[]) {
  const share = (fraction: number) => `${(100 * fraction).toFixed(1)}%`;
  return [
    `Convnet kernels, one step of createMnistCnn on the same batch (nonzero: x ${share(d.x)}, pool1 out ${share(d.pool1Output)}, conv2 dOutput ${share(d.conv2DOutput)}, conv1 dOutput ${share(d.conv1DOutput)}); convolutions in GFLOP/s dense-equivalent, pools in GB/s`,
    cells(['Convnet kernel', 'ms', 'dense-eq', 'peak'], widths),
    ...rows.map((r) =>
      cells(
        [
          r.name,
          r.ms.toFixed(3),
          r.gflopsDense !== undefined
            ? r.gflopsDense.toFixed(1)
            : `${r.gbPerSecond!.toFixed(1)} GB/s`,
          r.percentOfPeakDense !== undefined ? pct(r.percentOfPeakDense) : '',
        ],
        widths,
      ).trimEnd(),
    ),
    cells(['convnet kernels, total', totalMs.toFixed(3)], widths),
  ];
}
