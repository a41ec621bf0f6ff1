import { constants, type Stats } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { SavedModelFormatError, SavedModelNotFoundError } from '../errors';

export { MODEL_JSON_MAX_BYTES } from '../model-files';

/** A regular file opened for reading, with what `fstat` said of it at the open. */
export interface OpenFile {
  file: string;
  handle: FileHandle;
  stats: Stats;
}

/**
 * Opens `file` and checks, through the open handle, that it is a regular file (symbolic links
 * are followed). Sizes and bytes are then taken from this one handle, so a save renaming a new
 * file over the path in between cannot pair one file's size with another's bytes. Devices, pipes
 * and folders are refused: reading `/dev/zero` never ends, and a pipe can block. The caller
 * closes the handle.
 *
 * @throws SavedModelNotFoundError when the file does not exist or cannot be opened.
 * @throws SavedModelFormatError when it is not a regular file.
 */
export async function openRegularFile(file: string, dir: string): Promise<OpenFile> {
  let handle: FileHandle;
  try {
    // Non-blocking, so that opening a pipe nobody writes to returns at once.
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw notReadable(file, dir, error);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      throw new SavedModelFormatError(
        file,
        `${file} is not a regular file (it is a ${kind(stats)}), so it is not read: a model ` +
          `folder holds plain files. Save the model again, or replace ${file} with the saved file.`,
      );
    }
    return { file, handle, stats };
  } catch (error) {
    await handle.close().catch(() => undefined);
    if (error instanceof SavedModelFormatError) throw error;
    throw notReadable(file, dir, error);
  }
}

/**
 * Reads exactly `length` bytes of an open regular file into `target` at `offset`, never more: a
 * file that grew since it was measured is not read past `length`, one that shrank is an error.
 *
 * @throws SavedModelNotFoundError when the file cannot be read.
 * @throws SavedModelFormatError when it holds fewer than `length` bytes.
 */
export async function readExactly(
  { file, handle }: OpenFile,
  dir: string,
  target: Uint8Array,
  offset: number,
  length: number,
): Promise<void> {
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

function kind(stats: Stats): string {
  if (stats.isDirectory()) return 'folder';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'device';
  if (stats.isFIFO()) return 'pipe';
  if (stats.isSocket()) return 'socket';
  return 'special file';
}
