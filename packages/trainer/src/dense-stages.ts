import { type DenseStage, denseStages } from '@mnist-wasm/model';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { SeededDropout } from './seeded-dropout';

/** A stage of {@link denseStages}, its dropout drawing seeded masks ({@link SeededDropout}). */
export type TrainingStage =
  | Exclude<DenseStage, { kind: 'dropout' }>
  | { kind: 'dropout'; dropout: SeededDropout };

/**
 * The stages of a model the Dense training paths can run (see `denseStages` of
 * `@mnist-wasm/model`), each dropout with its own {@link SeededDropout}; `null` for any other model.
 */
export function planDenseStages(model: LayersModel): TrainingStage[] | null {
  const stages = denseStages(model);
  if (stages === null) return null;
  return stages.map((stage) =>
    stage.kind === 'dropout' ? { kind: 'dropout', dropout: new SeededDropout(stage.rate) } : stage,
  );
}
