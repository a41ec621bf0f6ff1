import { mkdir, open, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SavedModelWriteError } from '../errors';
import { folderPath } from './folder-path';
import { tempSuffix, WRITE_PROBE } from './temp-files';

/**
 * Makes sure a model can be saved to `dir` later, creating nothing: when `dir` exists, a small
 * probe file is written in it and removed; when it does not, a probe folder is created and removed
 * in its nearest existing parent, where the save will create `dir`. Call it before long work whose
 * result is to be saved (training), so a bad destination is found before that work, not after it,
 * and a run refused afterwards (a missing data folder) leaves no folder behind.
 *
 * A check, not a promise: the disk can still fill up, or permissions change, before the save.
 *
 * @param dir - The model folder `saveModel` will be given.
 * @throws SavedModelWriteError naming `dir` when something on its path is not a folder (a file, a
 *   device such as `/dev/null`), or nothing can be created where it would go (read-only, full
 *   disk, a file system that takes no new folders such as `/proc`).
 *
 * @example
 * ```ts
 * import { checkModelFolderWritable, saveModel } from '@mnist-wasm/model/node';
 *
 * await checkModelFolderWritable('models/mnist'); // throws now rather than after training
 * // ... train for minutes ...
 * await saveModel(model, 'models/mnist'); // creates models/mnist
 * ```
 */
export async function checkModelFolderWritable(dir: string): Promise<void> {
  const { existing, missing } = await folderPath(dir);
  const probe = join(existing, WRITE_PROBE + tempSuffix());
  if (missing.length > 0) {
    try {
      await mkdir(probe);
    } catch (error) {
      throw new SavedModelWriteError(
        dir,
        `Cannot save a model to ${dir}: no folder can be created in ${existing} ` +
          `(${reason(error)}). Pass a folder path on a writable file system, or another folder.`,
        { cause: error },
      );
    }
    await rmdir(probe).catch(() => undefined);
    return;
  }
  try {
    const handle = await open(probe, 'wx');
    try {
      await handle.writeFile('probe');
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new SavedModelWriteError(
      dir,
      `Cannot save a model to ${dir}: a file cannot be written in it (${reason(error)}). ` +
        'Check that it is a folder you can write to, with free space, or pass another folder.',
      { cause: error },
    );
  } finally {
    await rm(probe, { force: true }).catch(() => undefined);
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
