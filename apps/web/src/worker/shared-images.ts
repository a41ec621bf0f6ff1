import type { MnistSplit } from '@mnist-wasm/dataset';

/**
 * `split` with its images moved into shared memory, for runs on several threads: the helper
 * threads view them there instead of the trainer copying them at every run. The images the loader
 * made are dropped with the old split, so the worker keeps one copy of the training set.
 */
export function withSharedImages(split: MnistSplit): MnistSplit {
  const { features } = split;
  if (!(features instanceof Uint8Array) || features.buffer instanceof SharedArrayBuffer) {
    return split;
  }
  const shared = new Uint8Array(new SharedArrayBuffer(features.length));
  shared.set(features);
  return { ...split, features: shared };
}
