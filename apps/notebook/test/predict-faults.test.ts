import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initWasmBackend } from '@mnist-wasm/backend';
import { createMnistMlp } from '@mnist-wasm/model';
import { saveModel } from '@mnist-wasm/model/node';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PredictResult } from '../src/predict';
import { copyMnistFiles, TEST_FILES } from './mnist-files';
import { notebook } from './run-cli';

let root: string;
let modelDir: string;
let nanModelDir: string;
let elevenModelDir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mnist-predict-faults-'));
  await initWasmBackend();
  const model = createMnistMlp({ seed: 1 });
  modelDir = join(root, 'model');
  nanModelDir = join(root, 'nan-model');
  await saveModel(model, modelDir);
  await saveModel(model, nanModelDir);
  model.dispose();
  const eleven = createMnistMlp({ seed: 1, numClasses: 11 });
  elevenModelDir = join(root, 'eleven-classes');
  await saveModel(eleven, elevenModelDir);
  eleven.dispose();
  // saveModel refuses NaN weights, so damage the saved file the way a diverged run's would look.
  const weights = await open(join(nanModelDir, 'weights.bin'), 'r+');
  const { size } = await weights.stat();
  await weights.write(
    new Uint8Array(new Float32Array(size / 4).fill(Number.NaN).buffer),
    0,
    size,
    0,
  );
  await weights.close();
}, 60_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A PNG signature and IHDR chunk declaring `width x height` (8-bit gray), then IEND: no pixels. */
async function pngHeader(name: string, width: number, height: number): Promise<string> {
  const ihdr = new DataView(new ArrayBuffer(13));
  ihdr.setUint32(0, width);
  ihdr.setUint32(4, height);
  ihdr.setUint8(8, 8);
  const chunk = (type: string, data: Uint8Array) => {
    const head = new DataView(new ArrayBuffer(8));
    head.setUint32(0, data.length);
    new Uint8Array(head.buffer).set(new TextEncoder().encode(type), 4);
    return [new Uint8Array(head.buffer), data, new Uint8Array(4)]; // CRC: never reached
  };
  const bytes = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    ...chunk('IHDR', new Uint8Array(ihdr.buffer)),
    ...chunk('IEND', new Uint8Array(0)),
  ]);
  const file = join(root, name);
  await writeFile(file, bytes);
  return file;
}

/**
 * Headers declaring `width x height` and no pixels: a JPEG's SOI, APP0 (JFIF) and SOF0 markers; a
 * GIF's header and logical screen; a BMP's file and info headers; a WebP's RIFF header and VP8X
 * chunk.
 */
function imageHeaders(width: number, height: number): Record<string, Uint8Array> {
  const jpeg = Buffer.from([
    ...[0xff, 0xd8],
    ...[0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0, 1, 0, 1, 0, 0],
    ...[0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03],
    ...[0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01],
    ...[0xff, 0xd9],
  ]);
  const gif = Buffer.alloc(14);
  gif.write('GIF89a', 0, 'latin1');
  gif.writeUInt16LE(width, 6);
  gif.writeUInt16LE(height, 8);
  gif[13] = 0x3b; // trailer
  const bmp = Buffer.alloc(54);
  bmp.write('BM', 0, 'latin1');
  bmp.writeUInt32LE(54, 2);
  bmp.writeUInt32LE(54, 10);
  bmp.writeUInt32LE(40, 14);
  bmp.writeInt32LE(width, 18);
  bmp.writeInt32LE(height, 22);
  bmp.writeUInt16LE(1, 26);
  bmp.writeUInt16LE(24, 28);
  const webp = Buffer.alloc(30);
  webp.write('RIFF', 0, 'latin1');
  webp.writeUInt32LE(22, 4);
  webp.write('WEBPVP8X', 8, 'latin1');
  webp.writeUInt32LE(10, 16);
  webp.writeUIntLE(width - 1, 24, 3);
  webp.writeUIntLE(height - 1, 27, 3);
  return { 'huge.jpg': jpeg, 'huge.gif': gif, 'huge.bmp': bmp, 'huge.webp': webp };
}

describe('predict with a model whose weights are not finite', () => {
  it('fails with a clear message and exit code 1, in text and with --json', async () => {
    for (const json of [[], ['--json']]) {
      const { code, stdout, stderr } = await notebook(
        ...['predict', '--model', nanModelDir, '--index', '0', ...json],
      );
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toContain(
        `mnist-notebook: The model in ${nanModelDir} cannot be used: its weight 'hidden/kernel'`,
      );
      expect(stderr).not.toContain('toFixed');
    }
  });
});

describe('predict with a model of other than 10 classes', () => {
  it('reports class indices, never digits, in text and with --json', async () => {
    const json = await notebook(
      ...['predict', '--model', elevenModelDir, '--index', '0,1,2,3', '--json'],
    );
    expect(json.code, json.stderr).toBe(0);
    const result = JSON.parse(json.stdout) as PredictResult;
    expect(result.numClasses).toBe(11);
    for (const prediction of result.predictions) {
      expect(prediction.probabilities).toHaveLength(11);
      expect(prediction.predicted).toBeGreaterThanOrEqual(0);
      expect(prediction.predicted).toBeLessThan(11);
      expect(prediction).not.toHaveProperty('digit');
    }
    const text = await notebook('predict', '--model', elevenModelDir, '--index', '0,1,2,3');
    expect(text.code, text.stderr).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines[0]).toBe(
      `The model in ${elevenModelDir} scores 11 classes, not the 10 digits: each prediction is ` +
        'a class index (0 to 10), not a digit.',
    );
    expect(lines.slice(1)).toEqual(
      result.predictions.map(
        ({ source, predicted, probability, label }) =>
          `${source}: class ${predicted} of 11 (probability ${probability.toFixed(4)}), true label ${label}`,
      ),
    );
  });

  it('gives the digit as well for a 10-class model', async () => {
    const { code, stdout, stderr } = await notebook(
      ...['predict', '--model', modelDir, '--index', '0', '--json'],
    );
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout) as PredictResult;
    expect(result.numClasses).toBe(10);
    expect(result.predictions[0]!.digit).toBe(result.predictions[0]!.predicted);
  });
});

describe('predict checks the size an image declares before decoding it', () => {
  it('refuses 20000x20000 quickly, naming the limit and --max-pixels', async () => {
    const file = await pngHeader('huge.png', 20_000, 20_000);
    const { code, stdout, stderr } = await notebook('predict', '--model', modelDir, file);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      `${file} declares a 20000x20000 image (400,000,000 pixels), more than the limit of ` +
        '16,777,216 pixels',
    );
    expect(stderr).toContain('--max-pixels');
  });

  it('refuses a JPEG, GIF, BMP or WebP declaring too many pixels from its header alone', async () => {
    // Each file is a header and nothing else: decoding it would fail as corrupt instead.
    for (const [name, bytes] of Object.entries(imageHeaders(20_000, 20_000))) {
      const file = join(root, name);
      await writeFile(file, bytes);
      const started = performance.now();
      const { code, stdout, stderr } = await notebook('predict', '--model', modelDir, file);
      expect(code, name).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toContain(
        `${file} declares a 20000x20000 image (400,000,000 pixels), more than the limit of ` +
          '16,777,216 pixels, so it is not decoded.',
      );
      expect(performance.now() - started).toBeLessThan(20_000);
    }
  });

  it('refuses an image of 0 width or 0 height', async () => {
    for (const [width, height] of [
      [0, 28],
      [28, 0],
    ] as const) {
      const file = await pngHeader(`empty-${width}x${height}.png`, width, height);
      const { code, stderr } = await notebook('predict', '--model', modelDir, file);
      expect(code).toBe(1);
      expect(stderr).toContain(`${file} declares a ${width}x${height} image, which has no pixels`);
    }
  });

  it('reads only regular files, and no more than an image of a digit may hold', async () => {
    const device = await notebook('predict', '--model', modelDir, '/dev/zero');
    expect(device.code).toBe(1);
    expect(device.stderr).toContain(
      '/dev/zero is not a regular file (it is a device); pass the path of an image file (PNG, JPEG, WebP, BMP or GIF).',
    );
    const huge = join(root, 'huge.png');
    const handle = await open(huge, 'w');
    await handle.truncate(64 * 1024 * 1024 + 1); // sparse: no disk used
    await handle.close();
    const oversized = await notebook('predict', '--model', modelDir, huge);
    expect(oversized.code).toBe(1);
    expect(oversized.stderr).toContain(
      `${huge} holds 67108865 bytes, more than the 67108864 an image of a digit may have`,
    );
  });

  it('takes a lower or higher limit from --max-pixels', async () => {
    const png = new PNG({ width: 56, height: 56 });
    png.data.fill(255);
    const file = join(root, 'white-56.png');
    await writeFile(file, PNG.sync.write(png));
    const refused = await notebook('predict', '--model', modelDir, '--max-pixels', '3000', file);
    // A white image has no ink to lay out: read it as it is.
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('(3,136 pixels), more than the limit of 3,000 pixels');
    const taken = await notebook(
      ...[
        'predict',
        '--model',
        modelDir,
        '--max-pixels',
        '3136',
        '--no-preprocess',
        file,
        '--json',
      ],
    );
    expect(taken.code, taken.stderr).toBe(0);
    const result = JSON.parse(taken.stdout) as PredictResult;
    expect(result.predictions[0]).toMatchObject({ width: 56, height: 56, resized: true });
  });
});

describe('predict --index --data-dir', () => {
  it('needs only the two test files', async () => {
    const dir = await copyMnistFiles(join(root, 'test-only'), TEST_FILES);
    const { code, stdout, stderr } = await notebook(
      ...['predict', '--model', modelDir, '--index', '0,9999', '--data-dir', dir, '--json'],
    );
    expect(code, stderr).toBe(0);
    const { predictions } = JSON.parse(stdout) as PredictResult;
    expect(predictions.map(({ source, label }) => [source, label])).toEqual([
      ['test[0]', 7],
      ['test[9999]', 6],
    ]);
  });

  it('checks them against the originals unless --no-verify, naming the file', async () => {
    const dir = await copyMnistFiles(join(root, 'relabelled'), TEST_FILES);
    const labels = await open(join(dir, 't10k-labels-idx1-ubyte'), 'r+');
    await labels.write(new Uint8Array([3]), 0, 1, 8); // test[0], a 7, now labelled 3
    await labels.close();
    const args = ['predict', '--model', modelDir, '--index', '0', '--data-dir', dir, '--json'];
    const checked = await notebook(...args);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain(`${join(dir, 't10k-labels-idx1-ubyte')}: SHA-256`);
    expect(checked.stderr).toContain('--no-verify');
    const unchecked = await notebook(...args, '--no-verify');
    expect(unchecked.code, unchecked.stderr).toBe(0);
    expect((JSON.parse(unchecked.stdout) as PredictResult).predictions[0]!.label).toBe(3);
  });

  it('names a missing test file', async () => {
    const dir = await copyMnistFiles(join(root, 'images-only'), [TEST_FILES[0]]);
    const { code, stderr } = await notebook(
      ...['predict', '--model', modelDir, '--index', '0', '--data-dir', dir],
    );
    expect(code).toBe(1);
    expect(stderr).toContain(`${join(dir, 't10k-labels-idx1-ubyte')}: no such file`);
  });
});
