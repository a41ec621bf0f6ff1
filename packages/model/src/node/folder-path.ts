import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { SavedModelWriteError } from '../errors';

/** Where a model folder path stands: its nearest existing folder and the folders still missing. */
export interface FolderPath {
  /** The deepest existing folder on the path: `dir` itself when it exists. */
  existing: string;
  /** The folders to create below `existing`, outermost first; empty when `dir` exists. */
  missing: string[];
}

/**
 * Walks up from `dir` to the nearest folder that exists, with `stat` alone: nothing is created.
 *
 * @throws SavedModelWriteError naming `dir` when something on the path exists but is not a folder
 *   (a file, a device such as `/dev/null`, a pipe), or cannot be looked at.
 */
export async function folderPath(dir: string): Promise<FolderPath> {
  const missing: string[] = [];
  let current = resolve(dir);
  for (;;) {
    let stats: Awaited<ReturnType<typeof stat>> | undefined;
    try {
      stats = await stat(current);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // ENOTDIR: a component above is not a folder; the walk finds and names it.
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw cannotCreate(dir, current, error);
    }
    if (stats) {
      if (!stats.isDirectory()) {
        throw new SavedModelWriteError(
          dir,
          `Cannot save a model to ${dir}: ${current} is ${kindOf(stats)}, not a folder, so nothing ` +
            'is written there. Pass a folder path whose parents are folders.',
        );
      }
      return { existing: current, missing };
    }
    const parent = dirname(current);
    if (parent === current) throw cannotCreate(dir, current, new Error('no folder on the path'));
    missing.unshift(current);
    current = parent;
  }
}

/**
 * Creates `dir` and its missing parents one folder at a time, and returns the folders it created,
 * outermost first. Node's `mkdir({ recursive: true })` is not used: on file systems that refuse
 * new folders with ENOENT (procfs: `/proc/m`) it retries its parent without end.
 *
 * @throws SavedModelWriteError naming `dir` and the folder that could not be created.
 */
export async function createFolder(dir: string): Promise<string[]> {
  const { missing } = await folderPath(dir);
  const created: string[] = [];
  for (const folder of missing) {
    try {
      await mkdir(folder);
      created.push(folder);
    } catch (error) {
      // Another save created it meanwhile: not ours to remove, and fine to use if it is a folder.
      const isFolder = await stat(folder).then(
        (stats) => stats.isDirectory(),
        () => false,
      );
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !isFolder) {
        throw cannotCreate(dir, folder, error);
      }
    }
  }
  return created;
}

/** What stands at a path that is not a folder, for messages. */
function kindOf(stats: Awaited<ReturnType<typeof stat>>): string {
  if (stats.isFile()) return 'a file';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  return 'a special file';
}

function cannotCreate(dir: string, folder: string, error: unknown): SavedModelWriteError {
  const reason = error instanceof Error ? error.message : String(error);
  return new SavedModelWriteError(
    dir,
    `Cannot save a model to ${dir}: the folder ${folder} cannot be created (${reason}). Pass a ` +
      'folder path on a writable file system whose parents are folders you can write to.',
    { cause: error },
  );
}
