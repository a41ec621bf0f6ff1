/**
 * Base class of every error this package throws for bad input: catch it to handle any dataset
 * problem, or one of the subclasses for a specific one. `file` names the file or URL at fault.
 */
export class MnistDatasetError extends Error {
  /** The file path, file name or URL the problem was found in. */
  readonly file: string;

  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.file = file;
  }
}

/** A data file, or the folder that should hold it, does not exist or cannot be read. */
export class MnistFileNotFoundError extends MnistDatasetError {}

/**
 * Bytes that are not valid IDX data of the expected kind: wrong magic number, rank or dimensions,
 * fewer bytes than the header promises, or bytes left over after the data.
 */
export class IdxFormatError extends MnistDatasetError {}

/** Valid IDX files whose contents do not form an MNIST split: count mismatch, label outside 0-9. */
export class MnistContentError extends MnistDatasetError {}

/** A file starts with the gzip magic bytes but does not decompress. */
export class GzipError extends MnistDatasetError {}

/** A file's decompressed SHA-256 differs from the digest of the original MNIST file. */
export class ChecksumError extends MnistDatasetError {
  readonly expected: string;
  readonly actual: string;

  constructor(file: string, message: string, expected: string, actual: string) {
    super(file, message);
    this.expected = expected;
    this.actual = actual;
  }
}

/** A download failed: HTTP error status, refused or dropped connection, or timeout. */
export class DownloadError extends MnistDatasetError {
  /** The HTTP status when the server answered with an error, otherwise undefined. */
  readonly status: number | undefined;

  constructor(url: string, message: string, options?: { status?: number; cause?: unknown }) {
    super(url, message, { cause: options?.cause });
    this.status = options?.status;
  }
}
