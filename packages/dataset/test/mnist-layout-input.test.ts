import { boldDigit, thrown } from '@mnist-wasm/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { DatasetError, DatasetOptionError, NoInkError, toMnistLayout } from '../src/index';
import { centreOfMass, inkBox, loadMnistImages, SIDE } from './mnist-layout-helpers';

let mnistImage: (index: number) => Uint8Array;

beforeAll(async () => {
  mnistImage = await loadMnistImages();
});

function rectangleImage(
  width: number,
  height: number,
  background: number,
  ink: number,
  rect = { x: 5, y: 4, width: 6, height: 12 },
): Uint8Array {
  const data = new Uint8Array(width * height).fill(background);
  for (let y = rect.y; y < rect.y + rect.height; y++) {
    data.fill(ink, y * width + rect.x, y * width + rect.x + rect.width);
  }
  return data;
}

describe('toMnistLayout polarity and channels', () => {
  const RECT = { x: 5, y: 4, width: 6, height: 12 };

  it('detects light ink on dark and dark ink on light', () => {
    const light = toMnistLayout({ data: rectangleImage(24, 24, 10, 240), width: 24, height: 24 });
    const dark = toMnistLayout({ data: rectangleImage(24, 24, 240, 10), width: 24, height: 24 });
    expect(light.inverted).toBe(false);
    expect(dark.inverted).toBe(true);
    expect(light.box).toEqual(RECT);
    expect(dark.box).toEqual(RECT);
    expect(dark.pixels).toEqual(light.pixels);
    // 6x12 becomes 10x20 (enlarged bilinearly: edges fade), centred.
    expect(inkBox(light.pixels)).toEqual({ width: 10, height: 20 });
    // The centre, 9.5 columns in, moves by round(14 - 9.5) = 5: a whole-pixel shift.
    expect(centreOfMass(light.pixels)).toEqual({ x: 14.5, y: 14.5 });
    expect(light.pixels[14 * SIDE + 14]).toBe(255);
  });

  it('detects dark ink on a mid-gray background as dark on light', () => {
    const { inverted, box } = toMnistLayout({
      data: rectangleImage(24, 24, 110, 20),
      width: 24,
      height: 24,
    });
    expect(inverted).toBe(true);
    expect(box).toEqual(RECT);
  });

  it('follows a forced polarity both ways', () => {
    const darkOnLight = { data: rectangleImage(24, 24, 240, 10), width: 24, height: 24 };
    const lightOnDark = { data: rectangleImage(24, 24, 10, 240), width: 24, height: 24 };
    const forced = toMnistLayout(darkOnLight, { polarity: 'dark-on-light' });
    expect(forced.inverted).toBe(true);
    expect(forced.box).toEqual(RECT);
    const asMnist = toMnistLayout(lightOnDark, { polarity: 'light-on-dark' });
    expect(asMnist.inverted).toBe(false);
    expect(asMnist.pixels).toEqual(forced.pixels);
    // Forced the wrong way round, the background is taken for ink: the whole image.
    const wrong = toMnistLayout(lightOnDark, { polarity: 'dark-on-light' });
    expect(wrong.inverted).toBe(true);
    expect(wrong.box).toEqual({ x: 0, y: 0, width: 24, height: 24 });
    // A digit so large that the ink is most of the image: forced, it is found all the same.
    const big = rectangleImage(10, 10, 240, 10, { x: 0, y: 0, width: 8, height: 8 });
    const told = toMnistLayout({ data: big, width: 10, height: 10 }, { polarity: 'dark-on-light' });
    expect(told.inverted).toBe(true);
    expect(told.box).toEqual({ x: 0, y: 0, width: 8, height: 8 });
  });

  it('detects the polarity by the border when the ink covers most of the image', () => {
    // 64 of 100 pixels are ink, in the corner: by the median of all pixels, ink is background.
    const big = rectangleImage(10, 10, 240, 10, { x: 0, y: 0, width: 8, height: 8 });
    const auto = toMnistLayout({ data: big, width: 10, height: 10 });
    expect(auto.inverted).toBe(true);
    expect(auto.box).toEqual({ x: 0, y: 0, width: 8, height: 8 });
    // A thick ring (a bold 0) filling a 12x12 canvas but for a 1-pixel margin: 84 of 144 ink.
    const ring = (background: number, ink: number) => {
      const data = rectangleImage(12, 12, background, ink, { x: 1, y: 1, width: 10, height: 10 });
      for (let y = 4; y < 8; y++) data.fill(background, y * 12 + 4, y * 12 + 8);
      return { data, width: 12, height: 12 };
    };
    const light = toMnistLayout(ring(0, 255));
    const dark = toMnistLayout(ring(255, 0));
    expect(light.inverted).toBe(false);
    expect(dark.inverted).toBe(true);
    expect(dark.box).toEqual({ x: 1, y: 1, width: 10, height: 10 });
    expect(dark.pixels).toEqual(light.pixels);
  });

  it('lays out a bold MNIST digit on a tight canvas the same either way round', () => {
    // test[0] (a 7), its strokes thickened by 3 pixels and cropped to the ink with a 1-pixel margin.
    const { gray: lightOnDark, width: w, height: h, inkShare } = boldDigit(mnistImage(0));
    expect(inkShare).toBeGreaterThan(0.5);
    const darkOnLight = lightOnDark.map((v) => 255 - v);
    const light = toMnistLayout({ data: lightOnDark, width: w, height: h });
    const dark = toMnistLayout({ data: darkOnLight, width: w, height: h });
    expect(light.inverted).toBe(false);
    expect(dark.inverted).toBe(true);
    // The same up to rounding: inverting in float32 is not exact.
    const largestDifference = Math.max(
      ...dark.pixels.map((v, i) => Math.abs(v - light.pixels[i]!)),
    );
    expect(largestDifference).toBeLessThanOrEqual(1);
    expect(dark.box).toEqual(light.box);
  });

  it('takes RGB, RGBA, gray + alpha and Float32Array input alike', () => {
    const gray = rectangleImage(24, 24, 250, 0);
    const expected = toMnistLayout({ data: gray, width: 24, height: 24 });
    const rgb = new Uint8Array(24 * 24 * 3);
    const rgba = new Uint8ClampedArray(24 * 24 * 4);
    const grayAlpha = new Uint8Array(24 * 24 * 2);
    const float = new Float32Array(24 * 24);
    for (let i = 0; i < gray.length; i++) {
      rgb.fill(gray[i]!, 3 * i, 3 * i + 3);
      rgba.fill(gray[i]!, 4 * i, 4 * i + 3);
      rgba[4 * i + 3] = 255;
      grayAlpha[2 * i] = gray[i]!;
      grayAlpha[2 * i + 1] = 255;
      float[i] = gray[i]! / 255;
    }
    for (const data of [rgb, rgba, grayAlpha, float]) {
      const layout = toMnistLayout({ data, width: 24, height: 24 });
      expect(layout.inverted).toBe(true);
      expect(layout.box).toEqual(expected.box);
      expect(layout.pixels).toEqual(expected.pixels);
    }
  });

  it('weighs colours by luma', () => {
    // Pure blue (luma 0.114) is dark ink on white, pure yellow (luma 0.886) faint ink.
    const rgb = (color: [number, number, number]) => {
      const data = new Uint8Array(24 * 24 * 3).fill(255);
      for (let y = RECT.y; y < RECT.y + RECT.height; y++) {
        for (let x = RECT.x; x < RECT.x + RECT.width; x++) data.set(color, (y * 24 + x) * 3);
      }
      return { data, width: 24, height: 24 };
    };
    expect(toMnistLayout(rgb([0, 0, 255])).box).toEqual(RECT);
    expect(() => toMnistLayout(rgb([255, 255, 0]))).toThrow(NoInkError);
    expect(toMnistLayout(rgb([255, 255, 0]), { noiseThreshold: 0.05 }).box).toEqual(RECT);
  });

  it('reads black strokes on a transparent canvas as dark ink on white', () => {
    // What getImageData gives for a canvas left transparent with black strokes drawn on it,
    // with anti-aliased edges: colour black, alpha the coverage.
    const rgba = new Uint8ClampedArray(24 * 24 * 4);
    const mask = rectangleImage(24, 24, 0, 255);
    for (let i = 0; i < mask.length; i++) rgba[4 * i + 3] = mask[i]!;
    rgba[4 * (RECT.y * 24 + RECT.x - 1) + 3] = 100; // a half-covered edge pixel
    const layout = toMnistLayout({ data: rgba, width: 24, height: 24 });
    expect(layout.inverted).toBe(true);
    expect(layout.box).toEqual({ ...RECT, x: RECT.x - 1, width: RECT.width + 1 });
    const opaque = toMnistLayout({ data: rectangleImage(24, 24, 0, 255), width: 24, height: 24 });
    expect(toMnistLayout({ data: rgba, width: 24, height: 24 }, { noiseThreshold: 0.5 })).toEqual({
      ...opaque,
      inverted: true,
    });
    // Forced light-on-dark, the transparent background is black: the black strokes vanish.
    const forced = () =>
      toMnistLayout({ data: rgba, width: 24, height: 24 }, { polarity: 'light-on-dark' });
    expect(forced).toThrow(NoInkError);
  });

  it('reads white strokes on a transparent canvas as light ink on black', () => {
    const rgba = new Uint8ClampedArray(24 * 24 * 4);
    const mask = rectangleImage(24, 24, 0, 255);
    for (let i = 0; i < mask.length; i++) rgba.fill(255, 4 * i, 4 * i + 3);
    for (let i = 0; i < mask.length; i++) rgba[4 * i + 3] = mask[i]!;
    const layout = toMnistLayout({ data: rgba, width: 24, height: 24 });
    expect(layout.inverted).toBe(false);
    expect(layout.box).toEqual(RECT);
  });

  it('composites gray + alpha and float RGBA the same way', () => {
    const grayAlpha = new Uint8Array(24 * 24 * 2);
    const floatRgba = new Float32Array(24 * 24 * 4);
    const mask = rectangleImage(24, 24, 0, 255);
    for (let i = 0; i < mask.length; i++) {
      grayAlpha[2 * i + 1] = mask[i]!;
      floatRgba[4 * i + 3] = mask[i]! / 255;
    }
    for (const data of [grayAlpha, floatRgba]) {
      const layout = toMnistLayout({ data, width: 24, height: 24 });
      expect(layout.inverted).toBe(true);
      expect(layout.box).toEqual(RECT);
    }
  });

  it('clears noise below the threshold and ignores an isolated speck', () => {
    const data = rectangleImage(40, 40, 0, 200);
    data[35 * 40 + 35] = 255; // a speck far away
    data[2 * 40 + 30] = 40; // faint noise (below 0.2 of 255)
    data[2 * 40 + 31] = 40;
    const layout = toMnistLayout({ data, width: 40, height: 40 });
    expect(layout.box).toEqual(RECT);
    const plain = toMnistLayout({ data: rectangleImage(40, 40, 0, 200), width: 40, height: 40 });
    expect(layout.pixels).toEqual(plain.pixels);
    // With no threshold the faint pair is ink and extends the box.
    const all = toMnistLayout({ data, width: 40, height: 40 }, { noiseThreshold: 0 });
    expect(all.box).toEqual({ x: 5, y: 2, width: 27, height: 14 });
  });
});

describe('toMnistLayout errors', () => {
  it('throws NoInkError for a blank image, naming its size and what to do', () => {
    for (const background of [0, 255, 128]) {
      const error = thrown(() =>
        toMnistLayout({ data: new Uint8Array(30 * 20).fill(background), width: 30, height: 20 }),
      );
      expect(error).toBeInstanceOf(NoInkError);
      expect(error).toBeInstanceOf(DatasetError);
      expect(error.name).toBe('NoInkError');
      expect(error.message).toMatch(/^toMnistLayout: the 30x20 image \(1 channel\) holds no ink/);
      expect(error.message).toContain('lower noiseThreshold');
    }
    const transparent = new Uint8ClampedArray(8 * 8 * 4);
    expect(() => toMnistLayout({ data: transparent, width: 8, height: 8 })).toThrow(
      'the 8x8 image (4 channels) holds no ink',
    );
  });

  it('throws NoInkError when the only ink is below the noise threshold', () => {
    const faint = rectangleImage(24, 24, 200, 180);
    expect(() => toMnistLayout({ data: faint, width: 24, height: 24 })).toThrow(NoInkError);
    expect(() =>
      toMnistLayout({ data: faint, width: 24, height: 24 }, { noiseThreshold: 0.5 }),
    ).toThrow('noiseThreshold 0.5');
    expect(
      toMnistLayout({ data: faint, width: 24, height: 24 }, { noiseThreshold: 0.05 }).box,
    ).toEqual(RECT_DEFAULT);
    const speck = new Uint8Array(24 * 24);
    speck[100] = 255;
    expect(() => toMnistLayout({ data: speck, width: 24, height: 24 })).toThrow(NoInkError);
  });

  it('suggests the other polarity when a forced one finds no ink', () => {
    // Black strokes on a transparent canvas, forced light-on-dark: composited over black.
    const rgba = new Uint8ClampedArray(24 * 24 * 4);
    const mask = rectangleImage(24, 24, 0, 255);
    for (let i = 0; i < mask.length; i++) rgba[4 * i + 3] = mask[i]!;
    const image = { data: rgba, width: 24, height: 24 };
    expect(() => toMnistLayout(image, { polarity: 'light-on-dark' })).toThrow(
      "or polarity 'dark-on-light' (or 'auto') if the ink is dark on light.",
    );
  });

  it('refuses bad dimensions, naming toMnistLayout, the option and what to do', () => {
    const data = new Uint8Array(24 * 24);
    const cases: [unknown, string][] = [
      [{ data, width: 0, height: 24 }, 'toMnistLayout: image.width is 0; use a positive integer'],
      [{ data, width: 24, height: 2.5 }, 'toMnistLayout: image.height is 2.5; use a positive'],
      [{ data, width: '24', height: 24 }, 'toMnistLayout: image.width is "24"; use a positive'],
      [{ data, width: -24, height: -24 }, 'toMnistLayout: image.width is -24;'],
      [
        { data: new Uint8Array(24 * 24 + 1), width: 24, height: 24 },
        'toMnistLayout: image.data is an Uint8Array; use width * height * channels values, channels ' +
          '1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA): 576, 1152, 1728 or 2304 for a 24x24 ' +
          'image (it holds 577); check width and height.',
      ],
      [{ data: new Uint8Array(24 * 24 * 5), width: 24, height: 24 }, '(it holds 2880)'],
      [{ data: new Uint8Array(0), width: 24, height: 24 }, '(it holds 0)'],
      [{ data: [1, 2, 3, 4], width: 2, height: 2 }, 'image.data is [1, 2, 3, 4]; use a Uint8Array'],
      [{ data: new Uint16Array(4), width: 2, height: 2 }, 'image.data is an Uint16Array'],
      [null, 'toMnistLayout: image is null; use an ImageData-like { data, width, height }'],
      [
        { data: new Float32Array([0, 0.5, 1.5, 0]), width: 2, height: 2 },
        'image.data is a Float32Array; use Float32Array values in [0, 1] (value 2 is 1.5); clamp',
      ],
      [{ data: new Float32Array([0, Number.NaN, 1, 0]), width: 2, height: 2 }, '(value 1 is NaN)'],
    ];
    for (const [image, message] of cases) {
      const error = thrown(() => toMnistLayout(image as never));
      expect(error, message).toBeInstanceOf(DatasetOptionError);
      expect(error.message).toContain(message);
    }
  });

  it('refuses bad options, naming toMnistLayout, the option and what to do', () => {
    const image = { data: rectangleImage(24, 24, 0, 255), width: 24, height: 24 };
    const cases: [unknown, string][] = [
      [
        { polarity: 'dark' },
        `toMnistLayout: polarity is "dark"; use 'auto' (the default), 'light-on-dark' (as MNIST) or 'dark-on-light' (ink on paper).`,
      ],
      [{ polarity: null }, 'toMnistLayout: polarity is null;'],
      [
        { noiseThreshold: 1 },
        'toMnistLayout: noiseThreshold is 1; use a number from 0 up to (not including) 1',
      ],
      [{ noiseThreshold: -0.1 }, 'toMnistLayout: noiseThreshold is -0.1;'],
      [{ noiseThreshold: Number.NaN }, 'toMnistLayout: noiseThreshold is NaN;'],
      [{ noiseThreshold: '0.2' }, 'toMnistLayout: noiseThreshold is "0.2";'],
      ['auto', 'toMnistLayout: options is "auto"; use an object'],
    ];
    for (const [options, message] of cases) {
      const error = thrown(() => toMnistLayout(image, options as never));
      expect(error, message).toBeInstanceOf(DatasetOptionError);
      expect(error.message).toContain(message);
    }
    expect(toMnistLayout(image, undefined).box).toEqual(RECT_DEFAULT);
    expect(toMnistLayout(image, { polarity: undefined, noiseThreshold: undefined }).inverted).toBe(
      false,
    );
  });
});

const RECT_DEFAULT = { x: 5, y: 4, width: 6, height: 12 };
