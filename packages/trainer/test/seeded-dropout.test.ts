import { SeededDropout } from '@mnist-wasm/model';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../src/random';
import { setupWasmMnist } from './wasm-mnist';

beforeAll(async () => {
  await setupWasmMnist();
});

describe('SeededDropout', () => {
  const ones = () => tf.ones([100, 100]);

  it('keeps about 1 - rate of the values, scaled by 1 / (1 - rate)', () => {
    const dropout = new SeededDropout(0.2);
    const out = tf.tidy(() => dropout.apply(ones(), new SeededRandom(1)));
    const values = Array.from(out.dataSync());
    const kept = values.filter((v) => v !== 0);
    expect(new Set(kept)).toEqual(new Set([Math.fround(1 / 0.8)]));
    // 10,000 draws: the kept fraction is within 3 standard deviations (0.012) of 0.8.
    expect(Math.abs(kept.length / values.length - 0.8)).toBeLessThan(0.012);
    tf.dispose(out);
  });

  it('draws a new mask every call, and the same masks for the same seed', () => {
    const masks = (seed: number) => {
      const dropout = new SeededDropout(0.5);
      const random = new SeededRandom(seed);
      return [0, 1].map(() => tf.tidy(() => dropout.apply(ones(), random).dataSync()));
    };
    const [first, second] = masks(5);
    expect(first).not.toEqual(second);
    expect(masks(5)).toEqual([first, second]);
    expect(masks(6)[0]).not.toEqual(first);
  });
});

describe('SeededRandom', () => {
  it('fillUint32 continues the same stream as nextUint32', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const filled = new Uint32Array(5);
    a.fillUint32(filled);
    expect(Array.from(filled)).toEqual([0, 1, 2, 3, 4].map(() => b.nextUint32()));
    expect(a.nextUint32()).toBe(b.nextUint32());
  });

  it('fillUint32 keeps the stream across fills of every length mod 4, into Int32Array too', () => {
    const a = new SeededRandom(7);
    const b = new SeededRandom(7);
    for (const length of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 13]) {
      const filled = new Int32Array(length);
      a.fillUint32(filled);
      expect(Array.from(filled, (draw) => draw >>> 0)).toEqual(
        Array.from(filled, () => b.nextUint32()),
      );
    }
    expect(a.nextUint32()).toBe(b.nextUint32());
  });
});

describe('SeededDropout draws', () => {
  it('keep exactly the draws at or above rate · 2^32, as unsigned numbers', () => {
    for (const rate of [0, 0.2, 0.5, 0.999, 1 - 2 ** -33]) {
      const dropout = new SeededDropout(rate);
      const mask = tf.tidy(() => dropout.mask([64, 32], new SeededRandom(11)).dataSync());
      const draws = new Uint32Array(64 * 32);
      new SeededRandom(11).fillUint32(draws);
      const threshold = Math.ceil(rate * 4294967296);
      const expected = Array.from(draws, (draw) =>
        draw >= threshold ? Math.fround(1 / (1 - rate)) : 0,
      );
      expect(Array.from(mask)).toEqual(expected);
    }
  });

  it('follow the same stream as nextUint32, draws above 2^31 included', () => {
    const filled = new Uint32Array(1000);
    new SeededRandom(5).fillUint32(filled);
    const one = new SeededRandom(5);
    expect(Array.from(filled, () => one.nextUint32())).toEqual(Array.from(filled));
    expect(filled.some((draw) => draw >= 2 ** 31)).toBe(true);
    // mulberry32 as first written, on unsigned state: the int32 state must not change a value.
    let state = 5;
    const reference = Array.from(filled, () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return (t ^ (t >>> 14)) >>> 0;
    });
    expect(Array.from(filled)).toEqual(reference);
  });
});
