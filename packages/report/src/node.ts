import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ReportOptionError } from './errors';
import type { ReportData } from './report-data';
import { reportHtml } from './report-html';
import { checkReportTarget } from './report-target';

export { checkReportTarget } from './report-target';

/**
 * Writes {@link reportHtml}`(data)` to `file` atomically: into a temporary file next to it, then
 * renamed over it, so `file` is either the old one or the whole new report, never half of one.
 * Only a regular file is replaced (see {@link checkReportTarget}, run before the temporary file
 * is made and again before the rename): a device, FIFO, socket or folder at `file` is left as it
 * is, and a symbolic link to a regular file is kept, the file it links to replaced. Node only
 * (`@mnist-wasm/report/node`).
 *
 * @throws ReportOptionError for a `file` that is not a non-empty string; ReportDataError for
 *   malformed data; ReportTargetError naming `file` when something other than a regular file
 *   stands there; the file system's error when the folder cannot be written (no file is left
 *   behind).
 */
export async function writeReport(file: string, data: ReportData): Promise<void> {
  if (typeof file !== 'string' || file.length === 0) {
    throw new ReportOptionError('writeReport', 'file', file, 'a path (a non-empty string)');
  }
  const html = reportHtml(data);
  const target = await checkReportTarget(file);
  const temporary = join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    // 'wx' creates the file or fails: it never opens what already stands at that name.
    await writeFile(temporary, html, { flag: 'wx' });
    // Checked again: something else may have taken the path while the report was written.
    await checkReportTarget(file);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
