import type { Stats } from 'node:fs';
import { lstat, realpath, stat } from 'node:fs/promises';
import { ReportTargetError } from './errors';

/**
 * Where a report for `file` goes, checked: `file` itself when nothing stands there yet or it is a
 * regular file, the regular file it links to when it is a symbolic link (so the link is kept and
 * never followed onto anything else). Node only.
 *
 * A report is written to a temporary file and renamed over its path, and a rename replaces
 * whatever stands there: without this check, `/dev/null` given as the path would be replaced by a
 * regular file.
 *
 * @param file - The report's path.
 * @param caller - How the message names who asked: `'writeReport'` (default), or a flag such as
 *   `'--report'`.
 * @returns The path to rename the report onto.
 * @throws ReportTargetError naming `file` when a folder, a device, a FIFO or a socket stands there,
 *   or a symbolic link to one of them or to nothing; the file system's error when `file` cannot be
 *   looked at (e.g. a folder on the path is not readable).
 */
export async function checkReportTarget(file: string, caller = 'writeReport'): Promise<string> {
  const own = await lstat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
    throw error;
  });
  if (own === undefined) return file;
  if (!own.isSymbolicLink()) {
    if (own.isFile()) return file;
    throw new ReportTargetError(file, describeType(own), caller);
  }
  const target = await realpath(file).catch(() => undefined);
  const linked = target === undefined ? undefined : await stat(target).catch(() => undefined);
  if (target === undefined || linked === undefined) {
    throw new ReportTargetError(file, 'a symbolic link to nothing', caller);
  }
  if (!linked.isFile()) {
    throw new ReportTargetError(
      file,
      `a symbolic link to ${describeType(linked)} (${target})`,
      caller,
    );
  }
  return target;
}

function describeType(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  return 'a special file';
}
