import cliProgress from 'cli-progress';

/** What the trainer reports after each batch, as the progress bar shows it. */
export interface StepProgress {
  step: number;
  steps: number;
  loss: number;
  accuracy: number;
  msPerStep: number;
}

/** Draws one epoch of training the way Keras's `fit(verbose=1)` does, or one plain line per epoch. */
export interface EpochProgress {
  start(epoch: number, epochs: number, steps: number): void;
  update(progress: StepProgress): void;
  stop(progress: StepProgress, elapsedMs: number): void;
}

const BAR_WIDTH = 30;

/**
 * A Keras-like bar on a terminal (`  32/1875 [>....] - ETA: 0:12 - 1ms/step - loss: 2.2 - accuracy: 0.2`);
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

  update(progress: StepProgress): void {
    this.bar?.update(progress.step, {
      line: progressLine(progress.step, progress.steps, progress),
    });
  }

  stop(progress: StepProgress, elapsedMs: number): void {
    this.bar?.update(progress.step, { line: epochLine(progress, elapsedMs) });
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

  stop(progress: StepProgress, elapsedMs: number): void {
    this.stream.write(`${epochLine(progress, elapsedMs)}\n`);
  }
}

function progressLine(step: number, steps: number, progress: StepProgress | undefined): string {
  const counter = `${String(step).padStart(String(steps).length)}/${steps}`;
  if (!progress) return `${counter} ${bar(step, steps)}`;
  const etaSeconds = ((steps - step) * progress.msPerStep) / 1000;
  return `${counter} ${bar(step, steps)} - ETA: ${formatDuration(etaSeconds)}${metrics(progress)}`;
}

function epochLine(progress: StepProgress, elapsedMs: number): string {
  const counter = `${progress.step}/${progress.steps}`;
  return `${counter} ${bar(progress.step, progress.steps)} - ${(elapsedMs / 1000).toFixed(1)}s${metrics(progress)}`;
}

function metrics(progress: StepProgress): string {
  const perStep =
    progress.msPerStep >= 1
      ? `${progress.msPerStep.toFixed(0)}ms/step`
      : `${(progress.msPerStep * 1000).toFixed(0)}us/step`;
  return ` ${perStep} - loss: ${progress.loss.toFixed(4)} - accuracy: ${progress.accuracy.toFixed(4)}`;
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
