import type { BatchEvent } from '@mnist-wasm/pipeline';
import { describe, expect, it } from 'vitest';
import { createEpochProgress } from '../src/progress';

/** A stream that is not a terminal and keeps what is written to it. */
function plainStream() {
  const written: string[] = [];
  const stream = { isTTY: false, write: (text: string) => written.push(text) > 0 };
  return { stream: stream as unknown as NodeJS.WriteStream, written };
}

describe('createEpochProgress off a terminal', () => {
  it('prints one line per epoch, counting the zero-based last step as done', () => {
    const { stream, written } = plainStream();
    const progress = createEpochProgress(stream);
    const last: BatchEvent = {
      type: 'batch',
      epoch: 0,
      step: 62,
      steps: 63,
      size: 32,
      loss: 0.9,
      accuracy: 0.75,
      epochLoss: 1.16384,
      epochAccuracy: 0.667,
      msPerStep: 2.4,
    };
    progress.start(0, 1, 63);
    progress.update({ ...last, step: 10 });
    progress.stop(last, 160);
    expect(written.join('')).toBe(
      'Epoch 1/1\n63/63 [==============================] - 0.2s 2ms/step - loss: 1.1638 - accuracy: 0.6670\n',
    );
  });

  it('shows steps under a millisecond in microseconds', () => {
    const { stream, written } = plainStream();
    const progress = createEpochProgress(stream);
    progress.stop(
      {
        type: 'batch',
        epoch: 0,
        step: 9,
        steps: 20,
        size: 32,
        loss: 1,
        accuracy: 1,
        epochLoss: 2,
        epochAccuracy: 0.5,
        msPerStep: 0.75,
      },
      2000,
    );
    expect(written.join('')).toBe(
      '10/20 [===============>..............] - 2.0s 750us/step - loss: 2.0000 - accuracy: 0.5000\n',
    );
  });
});
