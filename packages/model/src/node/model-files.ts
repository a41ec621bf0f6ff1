/** The model description a saved model folder holds: TF.js's layers `model.json`. */
export const MODEL_JSON = 'model.json';

/** The one weight file a folder saved by this package holds, as `model.json`'s manifest names it. */
export const WEIGHTS_BIN = 'weights.bin';
