import { isNumberIn, type OptionChecks, optionChecks } from '@mnist-wasm/errors';
import { TrainerOptionError } from './errors';

/**
 * Elastic distortion as in Simard, Steinkraus and Platt (2003), "Best practices for convolutional
 * neural networks applied to visual document analysis": two fields of uniform random displacements
 * in [-1, 1] per pixel, each smoothed by a Gaussian of standard deviation `sigma` (normalized,
 * zero outside the image), scaled by `alpha`; each output pixel samples the image that far away.
 */
export interface ElasticOptions {
  /**
   * Strength, in pixels per unit of the smoothed field. Default 34 (Simard's value for 28x28
   * MNIST, with `sigma` 4: displacements of about 1.4 px standard deviation). A finite number >= 0.
   */
  alpha?: number;
  /**
   * Smoothness: standard deviation of the Gaussian, in pixels. Default 4. A number from 0.5 to 64;
   * the kernel reaches 3 `sigma` to each side, so its cost per pixel grows with `sigma`.
   */
  sigma?: number;
}

/**
 * Random distortions of each training example, drawn afresh for every example of every batch:
 * an affine transform about the image centre (rotation, scale, shear, shift), optionally followed
 * by an elastic distortion. Images are resampled bilinearly from the inverse-mapped position;
 * what falls outside the image reads as 0. For images `[height, width]` or `[height, width, 1]`.
 *
 * `{}` gives the defaults for MNIST ({@link AUGMENT_DEFAULTS}): up to ±10°, scale 0.9 to 1.1,
 * shift up to ±2 px each way, no shear, no elastic distortion. Set a field to 0 to turn it off.
 */
export interface AugmentOptions {
  /**
   * Largest rotation, in degrees: each example turns by a uniform angle in
   * `[-rotation, rotation]` (positive turns clockwise on screen, rows running down). Default 10.
   * A number from 0 to 180.
   */
  rotation?: number;
  /**
   * Zoom factor range. A number `r` draws the factor uniformly from `[1 - r, 1 + r]` (default 0.1:
   * 0.9 to 1.1), `r` from 0 to 0.9; a pair `[min, max]` draws it from `[min, max]`, with
   * 0.1 <= min <= max <= 10. Above 1 the digit grows.
   */
  scale?: number | readonly [number, number];
  /**
   * Largest shift, in pixels, along each axis separately: uniform in `[-shift, shift]`, fractions
   * of a pixel included (resampled bilinearly). Default 2 (for 28x28 MNIST, where digits sit in a
   * 20x20 box; scale it with the image size). A finite number >= 0.
   */
  shift?: number;
  /**
   * Largest horizontal shear angle, in degrees: uniform in `[-shear, shear]`; `x` moves by
   * `tan(angle)` times the distance from the centre row. Default 0 (off). A number from 0 to 60.
   */
  shear?: number;
  /**
   * Elastic distortion after the affine transform (see {@link ElasticOptions}; `{}` gives Simard's
   * alpha 34, sigma 4). Default off (`null`). Costs far more than the affine part: a Gaussian
   * blur of two fields per example.
   */
  elastic?: ElasticOptions | null;
}

/** {@link AugmentOptions} checked, with defaults filled in. */
export interface ResolvedAugmentOptions {
  /** Largest rotation, degrees. */
  readonly rotation: number;
  /** Smallest zoom factor. */
  readonly scaleMin: number;
  /** Largest zoom factor. */
  readonly scaleMax: number;
  /** Largest shift per axis, pixels. */
  readonly shift: number;
  /** Largest shear angle, degrees. */
  readonly shear: number;
  /** Elastic distortion, or null for none. */
  readonly elastic: { readonly alpha: number; readonly sigma: number } | null;
}

/** The values `augment: {}` stands for: the defaults of each {@link AugmentOptions} field. */
export const AUGMENT_DEFAULTS = Object.freeze({
  rotation: 10,
  scale: 0.1,
  shift: 2,
  shear: 0,
  elastic: null,
}) satisfies Readonly<Required<AugmentOptions>>;

/** What `elastic: {}` stands for: Simard et al.'s values for MNIST. */
export const ELASTIC_DEFAULTS = Object.freeze({ alpha: 34, sigma: 4 }) satisfies Readonly<
  Required<ElasticOptions>
>;

const AUGMENT_KEYS = ['rotation', 'scale', 'shift', 'shear', 'elastic'];
const ELASTIC_KEYS = ['alpha', 'sigma'];

const SCALE_ALLOWED =
  'a relative change from 0 to 0.9, or a pair [min, max] of factors with 0.1 <= min <= max <= 10';
const PIXELS_ALLOWED = 'a finite number of pixels >= 0';

/**
 * Checks `augment` (the `augment` option of `caller`) and fills in the defaults; null for none.
 * @throws TrainerOptionError naming the first field (`augment.rotation`, ...) out of range.
 */
export function resolveAugmentOptions(
  augment: AugmentOptions | null | undefined,
  caller = 'train',
): ResolvedAugmentOptions | null {
  if (augment == null) return null;
  const check = optionChecks(TrainerOptionError, caller);
  checkFields(check, 'augment', augment, AUGMENT_KEYS, AUGMENT_ALLOWED);
  const rotation = check.number('augment.rotation', augment.rotation ?? AUGMENT_DEFAULTS.rotation, {
    min: 0,
    max: 180,
    allowed: 'a number of degrees from 0 to 180',
  });
  const shift = check.number('augment.shift', augment.shift ?? AUGMENT_DEFAULTS.shift, {
    min: 0,
    max: Number.MAX_VALUE,
    allowed: PIXELS_ALLOWED,
  });
  const shear = check.number('augment.shear', augment.shear ?? AUGMENT_DEFAULTS.shear, {
    min: 0,
    max: 60,
    allowed: 'a number of degrees from 0 to 60',
  });
  const [scaleMin, scaleMax] = scaleRange(check, augment.scale ?? AUGMENT_DEFAULTS.scale);
  let elastic: ResolvedAugmentOptions['elastic'] = null;
  const given = augment.elastic;
  if (given != null) {
    checkFields(check, 'augment.elastic', given, ELASTIC_KEYS, ELASTIC_ALLOWED);
    elastic = {
      alpha: check.number('augment.elastic.alpha', given.alpha ?? ELASTIC_DEFAULTS.alpha, {
        min: 0,
        max: Number.MAX_VALUE,
        allowed: PIXELS_ALLOWED,
      }),
      sigma: check.number('augment.elastic.sigma', given.sigma ?? ELASTIC_DEFAULTS.sigma, {
        min: 0.5,
        max: 64,
        allowed: 'a number of pixels from 0.5 to 64',
      }),
    };
  }
  return { rotation, scaleMin, scaleMax, shift, shear, elastic };
}

const AUGMENT_ALLOWED =
  'an object of augment options ({} for the defaults), or leave it out for no augmentation';
const ELASTIC_ALLOWED = 'an object { alpha?, sigma? } ({} for alpha 34, sigma 4), or null for none';

/** The zoom factors `[min, max]` of `scale`: a relative change or a pair of factors. */
function scaleRange(check: OptionChecks, scale: unknown): readonly [number, number] {
  if (Array.isArray(scale)) {
    const [min, max] = scale as readonly unknown[];
    check.require(
      scale.length === 2 && isNumberIn(min, { min: 0.1 }) && isNumberIn(max, { min, max: 10 }),
      'augment.scale',
      scale,
      SCALE_ALLOWED,
    );
    return [min as number, max as number];
  }
  const change = check.number('augment.scale', scale, { min: 0, max: 0.9, allowed: SCALE_ALLOWED });
  return [1 - change, 1 + change];
}

/** Refuses `value` (option `option`) unless it is an object whose keys are all in `known`. */
function checkFields(
  check: OptionChecks,
  option: string,
  value: unknown,
  known: readonly string[],
  allowed: string,
): asserts value is object {
  check.require(typeof value === 'object' && !Array.isArray(value), option, value, allowed);
  for (const [key, field] of Object.entries(value as object)) {
    check.require(
      known.includes(key),
      `${option}.${key}`,
      field,
      `only the fields ${known.join(', ')} of ${option}`,
    );
  }
}

/** Height and width of one image. */
export interface ImageSize {
  readonly height: number;
  readonly width: number;
}

/** `[h, w]` or `[h, w, 1]` as an image size; null for any other shape. */
function asImage(shape: readonly number[]): ImageSize | null {
  if (shape.length === 2 || (shape.length === 3 && shape[2] === 1)) {
    return { height: shape[0]!, width: shape[1]! };
  }
  return null;
}

/**
 * The image size augmentation works on: the examples' shape when it is `[height, width]` or
 * `[height, width, 1]`, otherwise the model's input shape when that is (e.g. flat `[784]` examples
 * for a `[28, 28, 1]` model; the two hold as many values).
 * @throws TrainerOptionError (option `augment`) when neither is an image of one channel.
 */
export function augmentImageSize(
  augment: unknown,
  dataShape: readonly number[],
  modelShape: readonly number[],
  caller = 'train',
): ImageSize {
  const size = asImage(dataShape) ?? asImage(modelShape);
  if (size == null) {
    throw new TrainerOptionError(
      caller,
      'augment',
      augment,
      'augmentation only with images of one channel: examples (or a model input) of shape ' +
        `[height, width] or [height, width, 1]; here the examples are [${dataShape.join(', ')}] ` +
        `and the model input [${modelShape.join(', ')}]. Leave augment out for other data`,
    );
  }
  return size;
}
