import {
  type DataFileError,
  DataFileNotFoundError,
  DownloadError,
  GzipError,
  IdxFormatError,
} from '@mnist-wasm/dataset';

/**
 * A dataset error in the app's terms. The dataset's messages speak to a library caller: a file's
 * size limit without verification is its `maxBytes` option, which the app has no flag for. Here
 * that limit is said as what the user can do; a missing file under `--data-dir` also says that
 * leaving the flag out uses the MNIST files shipped with the app. The error keeps its class, file
 * and limit; any other error is returned as it is.
 *
 * @param error - What loading the data threw.
 * @param dataDir - `--data-dir`, when given.
 * @param dataset - `--dataset`; a download of any but MNIST (the app has no URL flag) is said as
 *   what the user can do: check the network, or fetch the files and pass `--data-dir`.
 */
export function inAppTerms(
  error: unknown,
  dataDir: string | undefined,
  dataset = 'mnist',
): unknown {
  if (error instanceof DownloadError && dataDir === undefined && dataset !== 'mnist') {
    return new DownloadError(
      error.file,
      `${error.message.replace(/;\s*check the baseUrl option.*$/s, '.')} mnist-notebook downloads --dataset ${dataset} once into its cache: check the network, or fetch the four .gz files yourself and pass their folder with --data-dir.`,
      { cause: error, ...(error.status !== undefined && { status: error.status }) },
    );
  }
  if (error instanceof GzipError || error instanceof IdxFormatError) {
    const { limit } = error;
    if (limit?.option !== 'maxBytes') return error;
    const why =
      `mnist-notebook reads at most ${limit.bytes.toLocaleString('en-US')} bytes of a file it does not ` +
      'check against the MNIST originals (--no-verify), and no flag raises that';
    return rebuilt(error, error.message.replace(limit.why, why));
  }
  if (error instanceof DataFileNotFoundError && dataDir !== undefined) {
    const instead =
      dataset === 'mnist'
        ? 'the MNIST files shipped with mnist-notebook'
        : `--dataset ${dataset}'s files, downloaded once into the cache`;
    return rebuilt(
      error,
      `${error.message} The folder is --data-dir ${dataDir}; leave --data-dir out to use ${instead}.`,
    );
  }
  return error;
}

/** `error` again, of its own class (all share DataFileError's constructor), with `message`. */
function rebuilt(error: DataFileError, message: string): DataFileError {
  const Same = error.constructor as new (
    file: string,
    message: string,
    options: { cause: unknown; limit: DataFileError['limit'] },
  ) => DataFileError;
  return new Same(error.file, message, { cause: error, limit: error.limit });
}
