/** The model description a saved model folder holds: TF.js's layers `model.json`. */
export const MODEL_JSON = 'model.json';

/** The one weight file a folder saved by this package holds, as `model.json`'s manifest names it. */
export const WEIGHTS_BIN = 'weights.bin';

/**
 * The lock file a save holds in its model folder while it writes, holding the saver's pid (see
 * `withSaveLock`); gone once the save ends. A stale one is renamed aside to
 * `.save.lock.<pid>-<8 hex digits>.tmp` before it is removed.
 */
export const SAVE_LOCK = '.save.lock';
