import type { ModelKind } from './model-kind';

/**
 * What the Keras notebook's own run printed for `model.evaluate(x_test, y_test, verbose=2)`: the
 * figures a run of the same model and settings is compared with.
 */
export const KERAS_NOTEBOOK_RESULT = { loss: 0.0733, accuracy: 0.9768 } as const;

/** The notebook's settings: its model, `model.fit(x_train, y_train, epochs=5)`, Keras's batch size 32. */
export const NOTEBOOK_SETTINGS = { model: 'mlp', epochs: 5, batchSize: 32 } as const;

/** A run's settings, as far as they decide whether it is the notebook's. */
export interface RunSettings {
  model: ModelKind;
  epochs: number;
  batchSize: number;
  augment: boolean;
  /** Training and test examples the run used. */
  trainCount: number;
  testCount: number;
}

/**
 * Whether a run is the notebook's (its MLP, 5 epochs of batch 32, no augmentation, all 60,000
 * training and 10,000 test digits), so that {@link KERAS_NOTEBOOK_RESULT} is the figure to compare
 * it with; any other run is not comparable and is shown without it.
 */
export function isKerasNotebookRun(run: RunSettings): boolean {
  return (
    run.model === NOTEBOOK_SETTINGS.model &&
    run.epochs === NOTEBOOK_SETTINGS.epochs &&
    run.batchSize === NOTEBOOK_SETTINGS.batchSize &&
    !run.augment &&
    run.trainCount === 60_000 &&
    run.testCount === 10_000
  );
}
