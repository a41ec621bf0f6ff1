import type { BatchEndInfo } from '@mnist-wasm/trainer';
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
    const last: BatchEndInfo = {
      epoch: 0,
      step: 62,
      steps: 63,
      loss: 1.16384,
      accuracy: 0.667,
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
    progress.stop({ epoch: 0, step: 9, steps: 20, loss: 2, accuracy: 0.5, msPerStep: 0.75 }, 2000);
    expect(written.join('')).toBe(
      '10/20 [===============>..............] - 2.0s 750us/step - loss: 2.0000 - accuracy: 0.5000\n',
    );
  });
});
