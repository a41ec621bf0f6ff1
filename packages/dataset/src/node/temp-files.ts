import { randomBytes } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * The host in temp file names, reduced to characters that cannot clash with the name's separators.
 * A cache shared between machines (a network folder) must not let one host judge another's pids.
 */
const HOST = hostname().replace(/[^A-Za-z0-9-]/g, '_') || 'host';

/** `<entry>.<pid>@<host>.<8 hex>.tmp`: the writer's pid and host, and a random part against clashes. */
const TEMP_NAME = /^(?<entry>.+)\.(?<pid>\d+)@(?<host>[A-Za-z0-9_-]+)\.[0-9a-f]{8}\.tmp$/;

/**
 * `<entry>.<uuid>.tmp`, the temp files of version 0.1.0, which carry no pid. That version wrote a
 * temp file in one call and renamed it at once, so one untouched for an hour is surely left over.
 */
const OLD_TEMP_NAME =
  /^(?<entry>.+)\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.tmp$/;
const OLD_TEMP_AGE_MS = 60 * 60 * 1000;

/**
 * A temporary path next to `entryPath`, named after this process, so that a later run can tell a
 * temp file left by a killed process from one still being written.
 */
export function tempPathFor(entryPath: string): string {
  return `${entryPath}.${process.pid}@${HOST}.${randomBytes(4).toString('hex')}.tmp`;
}

/**
 * Deletes the temp files in `dir` of cache entries named in `entries` that were written on this
 * host by a process that no longer exists (a process killed mid-download never removes its own).
 * A temp file of a live process, of another host, or of a name this package does not write is
 * left alone; so is a pid-less temp file of version 0.1.0 modified within the last hour. Best
 * effort: a file that cannot be listed or removed is skipped. Returns the names removed.
 */
export async function removeStaleTempFiles(
  dir: string,
  entries: readonly string[],
): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!(await isStale(dir, name, entries))) continue;
    await rm(join(dir, name), { force: true }).then(
      () => removed.push(name),
      () => undefined,
    );
  }
  return removed;
}

async function isStale(dir: string, name: string, entries: readonly string[]): Promise<boolean> {
  const match = TEMP_NAME.exec(name)?.groups;
  if (match) {
    return (
      entries.includes(match.entry!) && match.host === HOST && !processExists(Number(match.pid))
    );
  }
  const old = OLD_TEMP_NAME.exec(name)?.groups;
  if (!old || !entries.includes(old.entry!)) return false;
  return stat(join(dir, name)).then(
    (stats) => stats.isFile() && Date.now() - stats.mtimeMs > OLD_TEMP_AGE_MS,
    () => false,
  );
}

/** Whether a process with this pid exists; EPERM means it does, but belongs to another user. */
function processExists(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code !== 'ESRCH';
  }
}
