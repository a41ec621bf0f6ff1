import { execFileSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ReportDataError, ReportOptionError, ReportTargetError, reportHtml } from '../src';
import { checkReportTarget, writeReport } from '../src/node';
import { fakeReportData } from './fake-data';

const folders: string[] = [];
function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'mnist-wasm-report-'));
  folders.push(folder);
  return folder;
}
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('writeReport', () => {
  it('writes the report, replacing an old file, and leaves no temporary file', async () => {
    const folder = tempFolder();
    const file = join(folder, 'run.html');
    writeFileSync(file, 'old');
    await writeReport(file, fakeReportData());
    expect(readFileSync(file, 'utf8')).toBe(reportHtml(fakeReportData()));
    expect(readdirSync(folder)).toEqual(['run.html']);
  });

  it('writes nothing for bad data or a bad path', async () => {
    const folder = tempFolder();
    const file = join(folder, 'run.html');
    await expect(writeReport(file, { ...fakeReportData(), title: 3 } as never)).rejects.toThrow(
      ReportDataError,
    );
    await expect(writeReport('', fakeReportData())).rejects.toThrow(ReportOptionError);
    await expect(
      writeReport(join(folder, 'missing', 'run.html'), fakeReportData()),
    ).rejects.toThrow(/ENOENT/);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('replaces the regular file a symbolic link points to, keeping the link', async () => {
    const folder = tempFolder();
    const real = join(folder, 'real.html');
    const link = join(folder, 'link.html');
    writeFileSync(real, 'old');
    symlinkSync(real, link);
    await writeReport(link, fakeReportData());
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe(reportHtml(fakeReportData()));
    expect(readdirSync(folder).sort()).toEqual(['link.html', 'real.html']);
  });

  it('refuses a folder, a FIFO, and links to a device or to nothing, leaving them as they were', async () => {
    const folder = tempFolder();
    const dir = join(folder, 'dir.html');
    mkdirSync(dir);
    const fifo = join(folder, 'pipe.html');
    execFileSync('mkfifo', [fifo]);
    const toDevice = join(folder, 'null.html');
    symlinkSync('/dev/null', toDevice);
    const dangling = join(folder, 'dangling.html');
    symlinkSync(join(folder, 'missing'), dangling);
    const cases: [string, RegExp][] = [
      [dir, /a folder stands there/],
      [fifo, /a FIFO \(named pipe\) stands there/],
      [toDevice, /a symbolic link to a character device \(\/dev\/null\) stands there/],
      [dangling, /a symbolic link to nothing stands there/],
    ];
    for (const [file, type] of cases) {
      const error = await writeReport(file, fakeReportData()).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ReportTargetError);
      expect(error).toMatchObject({ file });
      expect((error as Error).message).toMatch(type);
      expect((error as Error).message).toContain(`writeReport ${file}:`);
      expect((error as Error).message).toContain('nothing was written');
    }
    expect(lstatSync(dir).isDirectory()).toBe(true);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(readdirSync(folder).sort()).toEqual([
      'dangling.html',
      'dir.html',
      'null.html',
      'pipe.html',
    ]);
    await expect(checkReportTarget(fifo, '--report')).rejects.toThrow(`--report ${fifo}: a FIFO`);
    await expect(checkReportTarget(join(folder, 'new.html'))).resolves.toBe(
      join(folder, 'new.html'),
    );
  });
});
