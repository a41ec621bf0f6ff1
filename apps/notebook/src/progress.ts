import type { BatchEvent } from '@mnist-wasm/pipeline';
import cliProgress from 'cli-progress';

/**
 * Draws one epoch of training the way Keras's `fit(verbose=1)` does, or one plain line per epoch,
 * from `fitModel`'s batch events (their `step` is zero-based; the bar counts steps done; the
 * metrics shown are the epoch's running means, as Keras's).
 */
export interface EpochProgress {
  start(epoch: number, epochs: number, steps: number): void;
  update(batch: BatchEvent): void;
  stop(lastBatch: BatchEvent, elapsedMs: number): void;
}

const BAR_WIDTH = 30;

/**
 * A Keras-like bar on a terminal (`done/steps [==>....] - ETA: m:ss - time per step - loss - accuracy`);
 * on anything else (a pipe, a log file, CI) plain lines, one per epoch, so logs stay readable.
 */
export function createEpochProgress(stream: NodeJS.WriteStream): EpochProgress {
  return stream.isTTY ? new TerminalProgress(stream) : new PlainProgress(stream);
}

class TerminalProgress implements EpochProgress {
  private bar: cliProgress.SingleBar | undefined;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  start(epoch: number, epochs: number, steps: number): void {
    this.stream.write(`Epoch ${epoch + 1}/${epochs}\n`);
    this.bar = new cliProgress.SingleBar({
      stream: this.stream,
      fps: 10,
      hideCursor: true,
      format: (_options, params, payload: { line?: string }) =>
        payload.line ?? progressLine(params.value, params.total, undefined),
    });
    this.bar.start(steps, 0, {});
  }

  update(batch: BatchEvent): void {
    this.bar?.update(batch.step + 1, { line: progressLine(batch.step + 1, batch.steps, batch) });
  }

  stop(lastBatch: BatchEvent, elapsedMs: number): void {
    this.bar?.update(lastBatch.step + 1, { line: epochLine(lastBatch, elapsedMs) });
    this.bar?.stop();
    this.bar = undefined;
  }
}

class PlainProgress implements EpochProgress {
  constructor(private readonly stream: NodeJS.WriteStream) {}

  start(epoch: number, epochs: number): void {
    this.stream.write(`Epoch ${epoch + 1}/${epochs}\n`);
  }

  update(): void {}

  stop(lastBatch: BatchEvent, elapsedMs: number): void {
    this.stream.write(`${epochLine(lastBatch, elapsedMs)}\n`);
  }
}

/** The bar after `done` of `steps` steps, with the ETA and metrics of `batch` once there is one. */
function progressLine(done: number, steps: number, batch: BatchEvent | undefined): string {
  const counter = `${String(done).padStart(String(steps).length)}/${steps}`;
  if (!batch) return `${counter} ${bar(done, steps)}`;
  const etaSeconds = ((steps - done) * batch.msPerStep) / 1000;
  return `${counter} ${bar(done, steps)} - ETA: ${formatDuration(etaSeconds)}${metrics(batch)}`;
}

function epochLine(lastBatch: BatchEvent, elapsedMs: number): string {
  const done = lastBatch.step + 1;
  const counter = `${done}/${lastBatch.steps}`;
  return `${counter} ${bar(done, lastBatch.steps)} - ${(elapsedMs / 1000).toFixed(1)}s${metrics(lastBatch)}`;
}

function metrics(batch: BatchEvent): string {
  const perStep =
    batch.msPerStep >= 1
      ? `${batch.msPerStep.toFixed(0)}ms/step`
      : `${(batch.msPerStep * 1000).toFixed(0)}us/step`;
  return ` ${perStep} - loss: ${batch.epochLoss.toFixed(4)} - accuracy: ${batch.epochAccuracy.toFixed(4)}`;
}

/** Keras's bar: `[=====>........]`, `=` for done, `>` at the head, `.` to go. */
function bar(step: number, steps: number): string {
  const done = steps === 0 ? BAR_WIDTH : Math.floor((BAR_WIDTH * step) / steps);
  if (done >= BAR_WIDTH) return `[${'='.repeat(BAR_WIDTH)}]`;
  return `[${'='.repeat(done)}>${'.'.repeat(BAR_WIDTH - done - 1)}]`;
}

function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole}s`;
  const minutes = Math.floor(whole / 60);
  return `${minutes}:${String(whole % 60).padStart(2, '0')}`;
}
