import { optionChecks } from '@mnist-wasm/errors';
import { createElasticScratch, type ElasticScratch, elasticField } from './augment-elastic';
import {
  type AugmentOptions,
  type ResolvedAugmentOptions,
  resolveAugmentOptions,
} from './augment-options';
import {
  type AffineTransform,
  createWarpScratch,
  inverseMap,
  type WarpScratch,
  warp,
} from './augment-warp';
import { TrainerOptionError } from './errors';
import { SEED_RULE } from './options';
import { SeededRandom } from './random';

export {
  AUGMENT_DEFAULTS,
  type AugmentOptions,
  augmentImageSize,
  ELASTIC_DEFAULTS,
  type ElasticOptions,
  type ImageSize,
  type ResolvedAugmentOptions,
  resolveAugmentOptions,
} from './augment-options';
export { type AffineTransform, warpImage } from './augment-warp';

/**
 * Reused buffers of {@link augmentBatch}: the warp's and the elastic fields', and the transform
 * being drawn; grown on first use and when the image size changes.
 */
export interface AugmentScratch extends WarpScratch, ElasticScratch {
  /** The transform being drawn. */
  transform: AffineTransform;
}

/** Empty scratch buffers for {@link augmentBatch}. */
export function createAugmentScratch(): AugmentScratch {
  return {
    ...createWarpScratch(),
    ...createElasticScratch(),
    transform: { rotation: 0, scale: 1, shear: 0, shiftX: 0, shiftY: 0 },
  };
}

/**
 * Distorts each of the first `count` images of `features` (row-major `[count, height, width]`
 * float32, e.g. a batch from `gatherBatch`) in place, each with its own random transform from
 * `random`: five draws per image (rotation, scale, shear, shift x, shift y), then `2 * height *
 * width` for the elastic fields when on. The same `random` state gives the same output.
 * Allocates nothing once `scratch` has grown to the image size.
 */
export function augmentBatch(
  features: Float32Array,
  count: number,
  height: number,
  width: number,
  random: SeededRandom,
  options: ResolvedAugmentOptions,
  scratch: AugmentScratch = createAugmentScratch(),
): void {
  const size = { height, width };
  const pixels = height * width;
  const { rotation, scaleMin, scaleMax, shift, shear, elastic } = options;
  const transform = scratch.transform;
  for (let n = 0; n < count; n++) {
    transform.rotation = (2 * random.nextFloat() - 1) * rotation;
    transform.scale = scaleMin + random.nextFloat() * (scaleMax - scaleMin);
    transform.shear = (2 * random.nextFloat() - 1) * shear;
    transform.shiftX = (2 * random.nextFloat() - 1) * shift;
    transform.shiftY = (2 * random.nextFloat() - 1) * shift;
    if (elastic != null) elasticField(size, elastic.alpha, elastic.sigma, random, scratch);
    inverseMap(transform, height, width, scratch.map);
    const at = n * pixels;
    warp(features, at, features, at, size, scratch, elastic == null ? null : scratch);
  }
}

/** Options of {@link createAugmenter}. */
export interface AugmenterOptions {
  /** Image height, pixels: an integer >= 1. */
  height: number;
  /** Image width, pixels: an integer >= 1. */
  width: number;
  /** The distortions, as `train`'s `augment` option. Default `{}`: {@link AUGMENT_DEFAULTS}. */
  augment?: AugmentOptions;
  /** Seed (any integer, used modulo 2^32) of the transforms. Default: drawn from `Math.random`. */
  seed?: number;
}

/**
 * A function that distorts batches of images in place as `train` does with its `augment` option,
 * e.g. to preview augmentation or to time it: `augment(features, count)` transforms the first
 * `count` images of `features` (row-major `[count, height, width]` float32), each with its own
 * random transform. Equal seeds give equal outputs (not those of a `train` run with that seed,
 * which draws from a stream derived from it). It allocates nothing per call after the first.
 * @throws TrainerOptionError (caller `'createAugmenter'`) for an option out of range.
 *
 * @example
 * ```ts
 * const augment = createAugmenter({ height: 28, width: 28, augment: { rotation: 15 }, seed: 1 });
 * const batch = gatherFeatures(test, [0, 1, 2]); // Float32Array [3 * 784]
 * augment(batch, 3);
 * ```
 */
export function createAugmenter(
  options: AugmenterOptions,
): (features: Float32Array, count: number) => void {
  const check = optionChecks(TrainerOptionError, 'createAugmenter');
  const side = { min: 1, max: Number.MAX_SAFE_INTEGER, allowed: 'an integer >= 1' };
  const height = check.integer('height', options.height, side);
  const width = check.integer('width', options.width, side);
  const resolved = resolveAugmentOptions(options.augment ?? {}, 'createAugmenter')!;
  const seed = check.integer(
    'seed',
    options.seed ?? Math.floor(Math.random() * 4294967296),
    SEED_RULE,
  );
  const random = new SeededRandom(seed);
  const scratch = createAugmentScratch();
  return (features, count) => {
    const most = Math.floor(features.length / (height * width));
    check.integer('count', count, {
      min: 0,
      max: most,
      allowed: `an integer from 0 to ${most}, the images features holds`,
    });
    augmentBatch(features, count, height, width, random, resolved, scratch);
  };
}
