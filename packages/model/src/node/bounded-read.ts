import { constants } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { SavedModelFormatError, SavedModelNotFoundError } from '../errors';

/**
 * The largest `model.json` {@link loadModel} reads: 32 MiB. A layers model's JSON holds only the
 * topology and the weights manifest, far smaller than this even for large models; a bigger file is
 * refused before it is read, so a damaged or foreign file cannot make a load allocate without bound.
 */
export const MODEL_JSON_MAX_BYTES = 32 * 1024 * 1024;

/**
 * The size of `file`, checked to be an existing regular file (symbolic links are followed).
 * Devices, pipes and folders are refused: reading `/dev/zero` never ends, and a pipe can block.
 *
 * @throws SavedModelNotFoundError when the file does not exist or cannot be looked at.
 * @throws SavedModelFormatError when it is not a regular file.
 */
export async function regularFileSize(file: string, dir: string): Promise<number> {
  let stats: Awaited<ReturnType<typeof stat>>;
  try {
    stats = await stat(file);
  } catch (error) {
    throw notReadable(file, dir, error);
  }
  if (!stats.isFile()) {
    throw new SavedModelFormatError(
      file,
      `${file} is not a regular file (it is a ${kind(stats)}), so it is not read: a model ` +
        `folder holds plain files. Save the model again, or replace ${file} with the saved file.`,
    );
  }
  return stats.size;
}

/**
 * Reads exactly `length` bytes of a regular file into `target` at `offset`, never more: a file that
 * grew since it was measured is not read past `length`, one that shrank is an error.
 *
 * @throws SavedModelNotFoundError when the file cannot be opened or read.
 * @throws SavedModelFormatError when it holds fewer than `length` bytes.
 */
export async function readExactly(
  file: string,
  dir: string,
  target: Uint8Array,
  offset: number,
  length: number,
): Promise<void> {
  let handle: FileHandle;
  try {
    // Non-blocking, so a file swapped for a pipe since it was checked cannot hang the open.
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw notReadable(file, dir, error);
  }
  try {
    let done = 0;
    while (done < length) {
      const { bytesRead } = await handle
        .read(target, offset + done, length - done, done)
        .catch((error: unknown) => {
          throw notReadable(file, dir, error);
        });
      if (bytesRead === 0) {
        throw new SavedModelFormatError(
          file,
          `${file} ended after ${done} of its ${length} bytes (it changed while being read). ` +
            'Load the model again once nothing is writing to it.',
        );
      }
      done += bytesRead;
    }
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function notReadable(file: string, dir: string, error: unknown): Error {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
    return new SavedModelNotFoundError(
      file,
      `${file} does not exist: ${dir} is not a complete saved model (or its save was ` +
        'interrupted). Save the model again.',
      { cause: error },
    );
  }
  return new SavedModelNotFoundError(
    file,
    `Cannot read ${file} (${(error as Error).message}); check its permissions.`,
    { cause: error },
  );
}

function kind(stats: Awaited<ReturnType<typeof stat>>): string {
  if (stats.isDirectory()) return 'folder';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'device';
  if (stats.isFIFO()) return 'pipe';
  if (stats.isSocket()) return 'socket';
  return 'special file';
}
