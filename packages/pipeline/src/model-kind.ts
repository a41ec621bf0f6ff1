/** The models the notebook trains: its own MLP, or a small convnet. */
export const MODEL_KINDS = ['mlp', 'cnn'] as const;

/**
 * `'mlp'`: the notebook's model (`createMnistMlp` of `@mnist-wasm/model`); `'cnn'`: the model
 * factory's convnet (`createMnistCnn`).
 */
export type ModelKind = (typeof MODEL_KINDS)[number];
