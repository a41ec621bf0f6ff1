import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ReportOptionError } from './errors';
import type { ReportData } from './report-data';
import { reportHtml } from './report-html';

/**
 * Writes {@link reportHtml}`(data)` to `file` atomically: into a temporary file next to it, then
 * renamed over it, so `file` is either the old one or the whole new report, never half of one.
 * Node only (`@mnist-wasm/report/node`).
 *
 * @throws ReportOptionError for a `file` that is not a non-empty string; ReportDataError for
 *   malformed data; the file system's error when the folder cannot be written (no file is left
 *   behind).
 */
export async function writeReport(file: string, data: ReportData): Promise<void> {
  if (typeof file !== 'string' || file.length === 0) {
    throw new ReportOptionError('writeReport', 'file', file, 'a path (a non-empty string)');
  }
  const html = reportHtml(data);
  const temporary = join(
    dirname(file),
    `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await writeFile(temporary, html, { flag: 'wx' });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
