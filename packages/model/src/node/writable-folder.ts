import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SavedModelWriteError } from '../errors';
import { tempSuffix, WRITE_PROBE } from './temp-files';

/**
 * Makes sure a model can be saved to `dir` later: creates the folder (and its parents) when
 * missing, then writes and removes a small probe file in it. Call it before long work whose result
 * is to be saved (training), so a bad destination is found before that work, not after it.
 *
 * A check, not a promise: the disk can still fill up, or permissions change, before the save.
 *
 * @param dir - The model folder `saveModel` will be given.
 * @throws SavedModelWriteError naming `dir` when it cannot be created (a file in the way, no
 *   permission) or a file cannot be written in it (read-only, full disk).
 *
 * @example
 * ```ts
 * import { checkModelFolderWritable, saveModel } from '@mnist-wasm/model/node';
 *
 * await checkModelFolderWritable('models/mnist'); // throws now rather than after training
 * // ... train for minutes ...
 * await saveModel(model, 'models/mnist');
 * ```
 */
export async function checkModelFolderWritable(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new SavedModelWriteError(
      dir,
      `Cannot save a model to ${dir}: the folder cannot be created (${reason(error)}). ` +
        'Pass a folder path whose parents are folders you can write to.',
      { cause: error },
    );
  }
  const probe = join(dir, WRITE_PROBE + tempSuffix());
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
