import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { checkClassNames, splitClassNames } from '../class-names';
import { ClassNamesError } from '../errors';

/** The largest class-names file read: 64 KiB, far more than any list of labels needs. */
export const CLASS_NAMES_MAX_BYTES = 64 * 1024;

/**
 * Reads a class-names file: UTF-8 text, one name a line, class 0 first, as `classes.txt` beside
 * IDX files holds them. Only a regular file of at most {@link CLASS_NAMES_MAX_BYTES} is read, and
 * it is opened without blocking, so a FIFO, a device such as `/dev/zero`, a folder or a huge file
 * is refused before a byte of it is held in memory.
 *
 * @param path - The file.
 * @param numClasses - The data's number of classes, e.g. 10.
 * @returns The names, trimmed.
 * @throws ClassNamesError naming the file: not a readable regular file, too large, not UTF-8,
 *   or names that {@link checkClassNames} refuses (a wrong count names both counts).
 */
export async function readClassNames(path: string, numClasses: number): Promise<string[]> {
  const refuse = (why: string, cause?: unknown) =>
    new ClassNamesError(path, `${path}: ${why}`, cause === undefined ? undefined : { cause });
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK).catch(
    (cause: unknown) => {
      const code = (cause as { code?: unknown }).code;
      throw refuse(
        `cannot be read as a class-names file (${typeof code === 'string' ? code : String(cause)}); give a text file with one class name a line.`,
        cause,
      );
    },
  );
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      throw refuse(
        `is not a regular file (${stats.isDirectory() ? 'a folder' : 'a device, FIFO or socket'}); give a text file with one class name a line.`,
      );
    }
    if (stats.size > CLASS_NAMES_MAX_BYTES) {
      throw refuse(
        `${stats.size} bytes, more than the ${CLASS_NAMES_MAX_BYTES} a class-names file may have; nothing was read: give a text file with one class name a line.`,
      );
    }
    // One byte more than allowed tells a file that grew after the stat from one that fits.
    const buffer = new Uint8Array(CLASS_NAMES_MAX_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > CLASS_NAMES_MAX_BYTES) {
      throw refuse(
        `more than the ${CLASS_NAMES_MAX_BYTES} bytes a class-names file may have; give a text file with one class name a line.`,
      );
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, length));
    } catch (cause) {
      throw refuse('is not UTF-8 text; save it as UTF-8, one class name a line.', cause);
    }
    return checkClassNames(splitClassNames(text.replace(/^\uFEFF/, '')), numClasses, path);
  } finally {
    await handle.close();
  }
}
