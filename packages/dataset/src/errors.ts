import { NamedError, optionErrorClass } from '@mnist-wasm/errors';

/**
 * Base class of every error this package throws: catch it to handle any dataset problem, or one of
 * the subclasses for a specific one. Every message names what was wrong and what to do.
 */
export class DatasetError extends NamedError {}

/**
 * A value given to a function of this package is outside what it accepts: `caller`, `option`,
 * `value` and `allowed` say which and what to give instead.
 */
export class DatasetOptionError extends optionErrorClass(DatasetError) {}

/**
 * Examples that do not hold together (lengths, shape, labels outside the classes, non-finite
 * features), or that do not fit the model they are given to.
 */
export class ExamplesError extends DatasetError {}

/**
 * An image given to `toMnistLayout` holds no ink: no pixel stands out from the background by more
 * than the noise threshold (a blank or fully transparent image, only faint noise, or a `polarity`
 * forced the wrong way round). The message names the image's size and what to do.
 */
export class NoInkError extends DatasetError {}

/** A size limit a data file passed: its bytes and why it applies, as the message gives them. */
export interface ExceededLimit {
  readonly bytes: number;
  /** The part of the message that says why this limit applies and what to do about it. */
  readonly why: string;
  /** The option that set the limit (`'maxBytes'`), when one did rather than the original's size. */
  readonly option?: 'maxBytes';
}

/** A problem with one data file; `file` names the file path, file name or URL at fault. */
export class DataFileError extends DatasetError {
  /** The size limit the file passed, when that is the problem; otherwise undefined. */
  readonly limit: ExceededLimit | undefined;

  constructor(
    /** The file path, file name or URL the problem was found in. */
    readonly file: string,
    message: string,
    options?: { cause?: unknown; limit?: ExceededLimit },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.limit = options?.limit;
  }
}

/** A data file, or the folder that should hold it, does not exist or cannot be read. */
export class DataFileNotFoundError extends DataFileError {}

/**
 * Bytes that are not valid IDX data of the expected kind: wrong magic number, rank or dimensions,
 * fewer bytes than the header promises, or bytes left over after the data.
 */
export class IdxFormatError extends DataFileError {}

/** Valid IDX files whose contents do not form an MNIST split: count mismatch, label outside 0-9. */
export class MnistContentError extends DataFileError {}

/**
 * A file starts with the gzip magic bytes but does not decompress, or decompresses to more bytes
 * than the file it stands for can hold (a gzip bomb is stopped there, not inflated whole).
 */
export class GzipError extends DataFileError {}

/**
 * A file's SHA-256 differs from the digest of the original file of the data set it was loaded as
 * (MNIST unless another data set was chosen). `dataset` names the data set of the family the file
 * belongs to instead, when its digest says so.
 */
export class ChecksumError extends DataFileError {
  constructor(
    file: string,
    message: string,
    readonly expected: string,
    readonly actual: string,
    /** The data set (e.g. `'mnist'`) whose file this is by its SHA-256, when it is another's. */
    readonly dataset?: string,
  ) {
    super(file, message);
  }
}

/**
 * A list of class names that cannot be used: a file that is not a small regular text file, a
 * count other than the data's classes (the message names both counts), an empty or repeated
 * name. `file` names the file, or the option, at fault.
 */
export class ClassNamesError extends DataFileError {}

/**
 * A download failed: HTTP error status, refused or dropped connection, no data for the idle
 * timeout, a body larger than the file can be, or (`fetchMnist`) a file that is not the original's
 * size.
 */
export class DownloadError extends DataFileError {
  /** The HTTP status when the server answered with an error, otherwise undefined. */
  readonly status: number | undefined;

  constructor(url: string, message: string, options?: { status?: number; cause?: unknown }) {
    super(url, message, { cause: options?.cause });
    this.status = options?.status;
  }
}

/**
 * The download cache cannot be used: the cache folder is a file, a cache entry is a folder, or the
 * folder cannot be created or written. `file` names the path at fault.
 */
export class CacheError extends DataFileError {}
