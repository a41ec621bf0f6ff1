import type { MnistSplit } from '@mnist-wasm/dataset';

/**
 * `split` with its images moved into shared memory, for a run on several threads: the trainer's
 * threads view them there instead of the trainer copying them. The images the loader made are
 * dropped with the old split, so the run holds one copy of the training set, not two.
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
