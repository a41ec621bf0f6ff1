import { lstat, mkdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { useTempFolder } from '@mnist-wasm/test-utils';
import { describe, expect, it } from 'vitest';
import { notebook } from './run-cli';

const temp = useTempFolder('mnist-report-');

describe('mnist-notebook --report', () => {
  it('writes the run as one self-contained HTML page', async () => {
    const file = join(temp.path(), 'run.html');
    const { code, stdout, stderr } = await notebook(
      ...['--epochs', '2', '--train-limit', '1000', '--test-limit', '300', '--seed', '5'],
      ...['--json', '--report', file],
    );
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.reportedTo).toBe(file);
    expect(stderr).toContain(`report written to ${file}`);
    const html = await readFile(file, 'utf8');
    expect(html.slice(0, 15).toLowerCase()).toBe('<!doctype html>');
    expect(html).toContain('mnist-notebook --model mlp --epochs 2 --seed 5');
    // Nothing is fetched: no script, style or image comes from another address.
    expect(html).not.toMatch(/(?:src|href)=["']?(?:https?:)?\/\//i);
    // The run's own figures are in it: the test accuracy, to full precision.
    expect(html).toContain(String(result.test.accuracy));
  }, 120_000);

  it('refuses a report path in a missing folder before training', async () => {
    const file = join(temp.path(), 'missing', 'run.html');
    const { code, stderr, stdout } = await notebook('--report', file, '--quiet');
    expect(code).not.toBe(0);
    expect(stderr).toContain(`--report ${file}`);
    expect(stderr).toContain('does not exist or cannot be written');
    expect(stdout).toBe('');
    expect(stderr).not.toContain('Epoch');
  }, 60_000);

  it('refuses a folder or a link to /dev/null before training, leaving them as they are', async () => {
    const folder = join(temp.path(), 'folder.html');
    await mkdir(folder);
    const toDevice = join(temp.path(), 'null.html');
    await symlink('/dev/null', toDevice);
    for (const [file, type] of [
      [folder, 'a folder'],
      [toDevice, 'a symbolic link to a character device (/dev/null)'],
    ] as const) {
      const { code, stderr, stdout } = await notebook('--report', file, '--quiet');
      expect(code).toBe(1);
      expect(stderr).toContain(`mnist-notebook: --report ${file}: ${type} stands there`);
      expect(stderr).toContain('nothing was written');
      expect(stdout).toBe('');
    }
    expect((await lstat(folder)).isDirectory()).toBe(true);
    expect((await lstat(toDevice)).isSymbolicLink()).toBe(true);
    expect((await lstat('/dev/null')).isCharacterDevice()).toBe(true);
  }, 60_000);
});
