import * as tf from '@tensorflow/tfjs-core';
import { FusedAdam } from './fused-adam';

/**
 * Lets {@link train} undo the last optimizer update when it made the weights diverge, so that no
 * update leaves non-finite weights in the model. Holds the weights from before the last update
 * (and, for {@link FusedAdam}, the optimizer's state) until the next update replaces them.
 */
export interface UpdateRollback {
  /** Called just before each `optimizer.applyGradients`: remember what the update will replace. */
  beforeUpdate(): void;
  /**
   * Puts back the weights (and optimizer state, see `restoresOptimizer`) from before the last
   * update. @returns false when there was no update to undo.
   */
  undo(): boolean;
  /** Whether {@link UpdateRollback.undo} restores the optimizer's state as well as the weights. */
  readonly restoresOptimizer: boolean;
  /** Frees what is held; the model keeps its current weights. */
  release(): void;
}

/**
 * The rollback for `optimizer` updating `variables`. A {@link FusedAdam} keeps what its update
 * replaces itself, without a copy or a kernel on the step's path (see {@link FusedAdam.keepUndo}),
 * and restores its moments and step count too. Any other optimizer gets the variables cloned
 * before each update (a clone shares the data, the variable's next assign swaps it out); its own
 * state cannot be restored, since `tf.Optimizer` offers no synchronous way to save it.
 */
export function createUpdateRollback(
  optimizer: tf.Optimizer,
  variables: readonly tf.Variable[],
): UpdateRollback {
  if (optimizer instanceof FusedAdam) {
    optimizer.keepUndo();
    return {
      beforeUpdate: () => {},
      undo: () => optimizer.undoLastUpdate(),
      restoresOptimizer: true,
      release: () => optimizer.dropUndo(),
    };
  }
  let before: tf.Tensor[] | null = null;
  const release = () => {
    if (before !== null) tf.dispose(before);
    before = null;
  };
  return {
    beforeUpdate: () => {
      release();
      // Kept: the update runs inside the step's tidy.
      before = variables.map((variable) => tf.keep(tf.clone(variable)));
    },
    undo: () => {
      if (before === null) return false;
      before.forEach((weights, i) => {
        variables[i]!.assign(weights);
      });
      release();
      return true;
    },
    restoresOptimizer: false,
    release,
  };
}
