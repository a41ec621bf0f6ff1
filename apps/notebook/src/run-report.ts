import { access, constants } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ConfusionMatrix } from '@mnist-wasm/evaluator';
import type { FitEvent, Mistakes } from '@mnist-wasm/pipeline';
import type { ReportData } from '@mnist-wasm/report';
import { UsageError } from './errors';

/** The most points a report's per-batch charts get: longer runs are averaged in groups of batches. */
const MAX_BATCH_POINTS = 2000;

/** How many misclassified test digits a report shows. */
export const MISTAKES_SHOWN = 12;

/**
 * Checks before anything runs that `--report FILE` can be written: nothing but a regular file
 * stands at `FILE` (not a folder, a device, a FIFO or a socket, nor a link to one: the report's
 * rename would replace it), and the folder it goes to exists and is writable. The report package
 * checks `FILE` again when it writes.
 *
 * @throws ReportTargetError (from `@mnist-wasm/report`) naming --report and the path when
 *   something other than a regular file stands there; UsageError naming the folder when it is
 *   missing or cannot be written.
 */
export async function checkReportWritable(file: string): Promise<void> {
  const { checkReportTarget } = await import('@mnist-wasm/report/node');
  const target = await checkReportTarget(file, '--report');
  const folder = dirname(target);
  try {
    await access(folder, constants.W_OK);
  } catch {
    throw new UsageError(
      `--report ${file}: the folder ${folder} does not exist or cannot be written; create it or choose another path.`,
    );
  }
}

/**
 * Records each batch's own loss and accuracy (from `fitModel`'s batch events) for the report's
 * per-batch charts, at `x` = epochs done.
 */
export function createBatchRecorder() {
  const points: ReportData['batches'] = [];
  return {
    onEvent(event: FitEvent): void {
      if (event.type !== 'batch') return;
      const { epoch, step, steps, loss, accuracy } = event;
      points.push({ x: epoch + (step + 1) / steps, loss, accuracy });
    },
    /** The points, averaged in groups of consecutive batches down to at most 2,000. */
    points(): ReportData['batches'] {
      const group = Math.ceil(points.length / MAX_BATCH_POINTS);
      if (group <= 1) return points;
      const averaged: ReportData['batches'] = [];
      for (let start = 0; start < points.length; start += group) {
        const slice = points.slice(start, start + group);
        const mean = (key: 'x' | 'loss' | 'accuracy') =>
          slice.reduce((sum, point) => sum + point[key], 0) / slice.length;
        averaged.push({ x: mean('x'), loss: mean('loss'), accuracy: mean('accuracy') });
      }
      return averaged;
    },
  };
}

/** What a finished run hands to {@link writeRunReport}. */
export interface RunForReport {
  title: string;
  settings: ReportData['settings'];
  timings: ReportData['timings'];
  batches: ReportData['batches'];
  history: { loss: number[]; accuracy: number[]; valLoss?: number[]; valAccuracy?: number[] };
  test: ReportData['test'];
  confusion: ConfusionMatrix;
  /** The most confident mistakes on the test set, for the gallery. */
  mistakes: Mistakes;
  /** The name of each class, class 0 first, for the heatmap and the gallery. */
  classNames?: string[];
}

/**
 * Writes the run as one self-contained HTML page (`@mnist-wasm/report`: the same charts, heatmap
 * and gallery as the web page), atomically: the file is the whole report or not there.
 */
export async function writeRunReport(file: string, run: RunForReport): Promise<void> {
  const data: ReportData = {
    title: run.title,
    createdAt: new Date().toISOString(),
    settings: run.settings,
    timings: run.timings,
    batches: run.batches,
    epochs: run.history.loss.map((loss, epoch) => ({
      epoch: epoch + 1,
      loss,
      accuracy: run.history.accuracy[epoch] as number,
      ...(run.history.valLoss && { valLoss: run.history.valLoss[epoch] }),
      ...(run.history.valAccuracy && { valAccuracy: run.history.valAccuracy[epoch] }),
    })),
    test: run.test,
    confusion: run.confusion.counts.map((row) => [...row]),
    misclassified: run.mistakes.items.map(({ pixels, label, predicted, probability }) => ({
      pixels: Array.from(pixels),
      label,
      predicted,
      probability,
    })),
    ...(run.classNames && { classNames: run.classNames }),
  };
  // Loaded only for --report: the renderer bundle the page embeds adds to the process what a run
  // without a report does not need.
  const { writeReport } = await import('@mnist-wasm/report/node');
  await writeReport(file, data);
}
