import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { open, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useTempFolder } from '@mnist-wasm/test-utils';
import { describe, expect, it } from 'vitest';
import { copyMnistFiles, TEST_FILES, TRAIN_FILES } from './mnist-files';
import { notebook } from './run-cli';

const temp = useTempFolder('mnist-cli-faults-');

const SHORT_RUN = ['--epochs', '1', '--train-limit', '100', '--test-limit', '10', '--seed', '1'];

describe('whole-number flags take plain decimal integers within a stated range', () => {
  it.each([
    ['--epochs', '1e20', 'from 1 to 10,000'],
    ['--epochs', '10001', 'from 1 to 10,000'],
    ['--epochs', '0', 'from 1 to 10,000'],
    ['--batch-size', '1e9', 'from 1 to 65,536'],
    ['--batch-size', '65537', 'from 1 to 65,536'],
    ['--train-limit', '10000001', 'from 1 to 10,000,000'],
    ['--test-limit', '0x10', 'from 1 to 10,000,000'],
    ['--seed', '4294967296', 'from 0 to 4,294,967,295'],
    ['--seed', '-1', 'from 0 to 4,294,967,295'],
  ])('%s %s is refused before anything runs', async (flag, value, range) => {
    const { code, stdout, stderr } = await notebook(flag, value, '--json');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${flag} takes a whole number ${range}, got '${value}'.`);
    expect(stderr).not.toContain('Invalid typed array length');
  });

  it('predict --index and --max-pixels have ranges too', async () => {
    const index = await notebook('predict', '--model', temp.path(), '--index', '1e3');
    expect(index.code).toBe(1);
    expect(index.stderr).toContain("--index takes a whole number from 0 to 9,999,999, got '1e3'.");
    const pixels = await notebook('predict', '--model', temp.path(), '--max-pixels', '0', 'x.png');
    expect(pixels.code).toBe(1);
    expect(pixels.stderr).toContain('--max-pixels takes a whole number from 1 to 268,435,456');
  });
});

describe('--save is checked before training', () => {
  it('refuses a folder under a file before loading data or training, naming it', async () => {
    const file = join(temp.path(), 'plain-file');
    await writeFile(file, 'x');
    const dir = join(file, 'model');
    for (const json of [[], ['--json']]) {
      const { code, stdout, stderr } = await notebook(...SHORT_RUN, ...json, '--save', dir);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toContain(
        `mnist-notebook: Cannot save a model to ${dir}: ${file} is a file, not a folder`,
      );
      expect(stderr).not.toContain('model.fit');
      expect(stderr).not.toContain('.tmp');
    }
  });

  it('refuses a folder no file can be written in', async () => {
    const dir = await temp.unwritable();
    const { code, stdout, stderr } = await notebook(...SHORT_RUN, '--json', '--save', dir);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`Cannot save a model to ${dir}: a file cannot be written in it`);
    expect(stderr).not.toContain('model.fit');
  });

  it('creates a missing folder and saves into it', async () => {
    const dir = join(temp.path(), 'new', 'nested', 'model');
    const { code, stdout, stderr } = await notebook(...SHORT_RUN, '--json', '--save', dir);
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout).savedTo).toBe(dir);
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
  }, 60_000);
});

describe('a save that fails after training', () => {
  it('still prints the metrics, with saveError, and exits 1', async () => {
    const dir = join(temp.path(), 'replaced-during-training');
    const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    const child = spawn(
      process.execPath,
      [
        cli,
        '--epochs',
        '2',
        '--train-limit',
        '20000',
        '--test-limit',
        '10',
        '--json',
        '--save',
        dir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
    });
    let replaced: Promise<void> | undefined;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
      // Once training runs, the checked folder is swapped for a file, so the save must fail.
      if (!replaced && stderr.includes('Epoch 1/2')) {
        replaced = rm(dir, { recursive: true, force: true }).then(() =>
          writeFile(dir, 'in the way'),
        );
      }
    });
    const [code] = await once(child, 'exit');
    await replaced;
    expect(code).toBe(1);
    const result = JSON.parse(stdout);
    expect(result.test.count).toBe(10);
    expect(result.savedTo).toBeUndefined();
    expect(result.saveError).toContain(`Cannot save a model to ${dir}: ${dir} is a file`);
    expect(stderr).toContain(`mnist-notebook: Cannot save a model to ${dir}: ${dir} is a file`);
  }, 120_000);
});

describe('--no-verify', () => {
  it('loads MNIST-layout files that are not the originals only when asked', async () => {
    const dir = await copyMnistFiles(join(temp.path(), 'altered'), [...TRAIN_FILES, ...TEST_FILES]);
    // Relabel the first training image (a 5) as a 3: still valid IDX, no longer the original.
    const labels = await open(join(dir, 'train-labels-idx1-ubyte'), 'r+');
    await labels.write(new Uint8Array([3]), 0, 1, 8);
    await labels.close();
    const checked = await notebook(...SHORT_RUN, '--quiet', '--data-dir', dir);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain('train-labels-idx1-ubyte');
    expect(checked.stderr).toContain('SHA-256');
    const unchecked = await notebook(...SHORT_RUN, '--quiet', '--data-dir', dir, '--no-verify');
    expect(unchecked.code, unchecked.stderr).toBe(0);
    expect(unchecked.stdout).toMatch(/^test loss \d+\.\d{4}, accuracy \d\.\d{4}\n$/);
  }, 60_000);
});
