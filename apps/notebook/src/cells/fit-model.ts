import type { FitEvent } from '@mnist-wasm/pipeline';
import { cellHeading } from '../format';
import type { EpochProgress } from '../progress';

/**
 * In [5]'s heading: `model.fit(x_train, y_train, epochs=5)`, and whether every batch gets the
 * trainer's seeded random affine transforms (`--augment`).
 */
export function fitHeading(epochs: number, augment: boolean): string {
  const augmented = augment ? ', with augmentation' : '';
  return cellHeading(5, `model.fit(x_train, y_train, epochs=${epochs})${augmented}`);
}

/** Draws `fitModel`'s events as Keras's `fit(verbose=1)` does: one bar (or line) per epoch. */
export function drawFitEvents(progress: EpochProgress): (event: FitEvent) => void {
  let lastBatch: Extract<FitEvent, { type: 'batch' }> | undefined;
  return (event) => {
    if (event.type === 'epoch-begin') {
      progress.start(event.epoch, event.epochs, event.steps);
    } else if (event.type === 'batch') {
      lastBatch = event;
      progress.update(event);
    } else if (lastBatch) {
      progress.stop(lastBatch, event.ms);
    }
  };
}
