import { constants, type Stats } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { DigitImageError } from './errors';
import { SUPPORTED_FORMATS } from './image-decode';

/** The largest image file read: far above any digit's, far below what would strain memory. */
export const MAX_IMAGE_BYTES = 64 * 1024 * 1024;

/**
 * The bytes of `file`, read only from a regular file of at most {@link MAX_IMAGE_BYTES}.
 *
 * The path is looked at before it is opened, and opened without blocking: opening a FIFO for
 * reading waits for a writer that may never come, and reading a device such as /dev/zero never
 * ends. The open file is looked at again, so a path swapped for something else in between is
 * refused too, and no more than the size first seen is read.
 *
 * @param file - The path given on the command line (symbolic links are followed).
 * @returns The file's bytes, at most {@link MAX_IMAGE_BYTES}.
 * @throws DigitImageError naming `file` when it does not exist or cannot be read, is not a regular
 *   file (a FIFO, a device, a folder, a socket), holds more than {@link MAX_IMAGE_BYTES}, or
 *   changes while it is read.
 */
export async function readImageFile(file: string): Promise<Buffer> {
  const before = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw unreadable(file, error);
  });
  checkRegular(file, before);
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw unreadable(file, error as NodeJS.ErrnoException);
  }
  try {
    const opened = await handle.stat();
    checkRegular(file, opened);
    if (opened.dev !== before.dev || opened.ino !== before.ino) throw changed(file);
    const bytes = Buffer.alloc(opened.size);
    let done = 0;
    while (done < bytes.length) {
      const { bytesRead } = await handle.read(bytes, done, bytes.length - done, done);
      if (bytesRead === 0) throw changed(file);
      done += bytesRead;
    }
    return bytes;
  } catch (error) {
    if (error instanceof DigitImageError) throw error;
    throw unreadable(file, error as NodeJS.ErrnoException);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function checkRegular(file: string, stats: Stats): void {
  if (!stats.isFile()) {
    throw new DigitImageError(
      file,
      `${file} is not a regular file (it is a ${kind(stats)}); pass the path of an image file ` +
        `(${SUPPORTED_FORMATS}).`,
    );
  }
  if (stats.size > MAX_IMAGE_BYTES) {
    throw new DigitImageError(
      file,
      `${file} holds ${stats.size} bytes, more than the ${MAX_IMAGE_BYTES} an image of a digit ` +
        'may have; scale the image down first.',
    );
  }
}

function unreadable(file: string, error: NodeJS.ErrnoException): DigitImageError {
  const reason = error.code === 'ENOENT' ? 'does not exist' : `cannot be read (${error.message})`;
  return new DigitImageError(file, `${file} ${reason}.`, { cause: error });
}

function changed(file: string): DigitImageError {
  return new DigitImageError(
    file,
    `${file} changed while it was read; run again once nothing is writing to it.`,
  );
}

function kind(stats: Stats): string {
  if (stats.isDirectory()) return 'folder';
  if (stats.isFIFO()) return 'named pipe';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'device';
  if (stats.isSocket()) return 'socket';
  return 'special file';
}
