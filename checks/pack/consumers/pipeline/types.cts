import pipeline = require('@mnist-wasm/pipeline');

const kinds: readonly pipeline.ModelKind[] = pipeline.MODEL_KINDS;
const notebook: boolean = pipeline.isKerasNotebookRun({
  model: 'mlp',
  epochs: 5,
  batchSize: 32,
  augment: false,
  trainCount: 60000,
  testCount: 10000,
});
// @ts-expect-error the settings need every field
pipeline.isKerasNotebookRun({ model: 'mlp' });
export = { kinds, notebook };
