import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ReportDataError, ReportOptionError, reportHtml } from '../src';
import { writeReport } from '../src/node';
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
});
