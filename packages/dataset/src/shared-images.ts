import type { Examples } from './examples';

/**
 * `examples` with their uint8 images moved into shared memory (a `SharedArrayBuffer`), for
 * `train` on several threads (`@mnist-wasm/trainer`'s `threads`): every thread views them there,
 * instead of `train` copying them at each call. Drop the old examples afterwards, so that one copy
 * of the images is held, not two. Examples already shared, float32 features, or a runtime without
 * `SharedArrayBuffer` (a page that is not cross-origin isolated) get `examples` back as they are.
 *
 * @example
 * ```ts
 * const { train: loaded } = await loadMnist();
 * const train = withSharedImages(loaded); // 60,000 x 784 bytes, now in a SharedArrayBuffer
 * await trainModel(model, train, { threads: 2, spawnThread: spawnNodeTrainingThread });
 * ```
 */
export function withSharedImages<T extends Examples>(examples: T): T {
  const { features } = examples;
  if (
    typeof SharedArrayBuffer !== 'function' ||
    !(features instanceof Uint8Array) ||
    features.buffer instanceof SharedArrayBuffer
  ) {
    return examples;
  }
  const shared = new Uint8Array(new SharedArrayBuffer(features.length));
  shared.set(features);
  return { ...examples, features: shared };
}
