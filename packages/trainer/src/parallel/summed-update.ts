import { type SumAdamLoop, sumAdamLoopFor } from '@mnist-wasm/backend';
import * as tf from '@tensorflow/tfjs-core';
import type { GradientExchange } from './gradient-exchange';
import { parameterShares, type SharePiece } from './parameter-shares';
import { type AdamStepHyper, adamStepHyper, type ShareArrays, sumAndAdam } from './share-adam';

/** The default Adam's settings, which every thread of a run uses. */
export interface AdamSettings {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/**
 * One thread's part of a data-parallel run's update (a reduce-scatter, then an all-gather): each
 * thread sums the gradient slots of its own contiguous share of the weights (`parameterShares`),
 * in thread order 0, 1, ..., and applies Adam to that share only, its moments living in shared
 * memory with it; once every share is written ({@link SummedUpdate.update}, then the barrier),
 * every thread loads the whole new weights into its variables ({@link SummedUpdate.load}). Each
 * value gets exactly the operations a single Adam kernel call on the summed gradients gives it, so
 * the weights are those of every thread summing and updating everything, to the bit.
 *
 * Weights and moments come in two sets taking turns by update, so the coordinator can undo the
 * last update ({@link SummedUpdate.undo}) and hand the optimizer its state at the end.
 */
export class SummedUpdate {
  /** Updates applied so far in this run. */
  private updates = 0;
  private readonly pieces: SharePiece[];
  private readonly offsets: number[];

  constructor(
    private readonly exchange: GradientExchange,
    private readonly variables: readonly tf.Variable[],
    thread: number,
    private readonly adam: AdamSettings,
    /** The optimizer's step count when the run started (its moments then all zero). */
    private readonly baseStep: number,
  ) {
    const sizes = variables.map((variable) => variable.size);
    this.pieces = parameterShares(sizes, exchange.buffers.threads)[thread]!;
    this.offsets = [];
    let offset = 0;
    for (const size of sizes) {
      this.offsets.push(offset);
      offset += size;
    }
  }

  /** Updates applied so far, 0 at the start (less one after {@link SummedUpdate.undo}). */
  get applied(): number {
    return this.updates;
  }

  /** Writes the variables' current values as the run's starting weights (the coordinator, once). */
  writeStart(): void {
    const into = this.exchange.weightsAfter(0);
    this.variables.forEach((variable, i) => {
      into.set(variable.dataSync() as Float32Array, this.offsets[i]!);
    });
  }

  /**
   * Sums step `step`'s gradient slots of the threads that had rows (the first `contributing`) and
   * writes this thread's share of the next weights and moments.
   */
  update(step: number, contributing: number): void {
    const { exchange } = this;
    const { learningRate, beta1, beta2, epsilon } = this.adam;
    const u = this.updates;
    const arrays: ShareArrays = {
      slots: exchange.gradients,
      slotsAt: exchange.slotAt(step, 0),
      slotStride: exchange.buffers.parameters,
      count: contributing,
      weights: exchange.weightsAfter(u),
      first: exchange.momentsAfter(u, 0),
      second: exchange.momentsAfter(u, 1),
      newWeights: exchange.weightsAfter(u + 1),
      newFirst: exchange.momentsAfter(u + 1, 0),
      newSecond: exchange.momentsAfter(u + 1, 1),
    };
    const step1 = this.baseStep + u + 1;
    const hyper = adamStepHyper(learningRate, beta1, beta2, epsilon, step1);
    const simd = sumAdamLoopFor(exchange.buffers.memory);
    for (const piece of this.pieces) {
      if (simd === null || piece.groupsEnd === piece.start) {
        sumAndAdam(piece, arrays, hyper);
        continue;
      }
      runGroups(simd, piece, arrays, hyper);
      // The variable's last size mod 4 values, in float64 as the kernel's tail loop.
      sumAndAdam(
        { start: piece.groupsEnd, groupsEnd: piece.groupsEnd, end: piece.end },
        arrays,
        hyper,
      );
    }
    this.updates = u + 1;
  }

  /** Loads the latest weights (every share written, after the barrier) into the variables. */
  load(): void {
    const values = this.exchange.weightsAfter(this.updates);
    tf.tidy(() => {
      this.variables.forEach((variable, i) => {
        const start = this.offsets[i]!;
        variable.assign(tf.tensor(values.subarray(start, start + variable.size), variable.shape));
      });
    });
  }

  /**
   * Puts the weights from before the last update back into the variables (the coordinator, once
   * the run has stopped for good). @returns false when there was no update to undo.
   */
  undo(): boolean {
    if (this.updates === 0) return false;
    this.updates--;
    this.load();
    return true;
  }

  /**
   * The optimizer state the run leaves, as `tf.Optimizer.setWeights` takes it: the step count, then
   * each variable's moments named `<variable>/m` and `<variable>/v`; null before any update. The
   * caller disposes them.
   */
  optimizerState(): { name: string; tensor: tf.Tensor }[] | null {
    const u = this.updates;
    if (u === 0) return null;
    const state = [{ name: 'iter', tensor: tf.scalar(this.baseStep + u, 'int32') as tf.Tensor }];
    this.variables.forEach((variable, i) => {
      const start = this.offsets[i]!;
      for (const [which, suffix] of [
        [0, 'm'],
        [1, 'v'],
      ] as const) {
        const values = this.exchange.momentsAfter(u, which).subarray(start, start + variable.size);
        state.push({
          name: `${variable.name}/${suffix}`,
          tensor: tf.tensor(values, variable.shape),
        });
      }
    });
    return state;
  }
}

/** The SIMD loop on the whole groups of 4 of `piece`, in place in the shared memory. */
function runGroups(loop: SumAdamLoop, piece: SharePiece, a: ShareArrays, h: AdamStepHyper): void {
  const at = (view: Float32Array, index: number) => view.byteOffset + 4 * index;
  const { start } = piece;
  loop(
    at(a.slots, a.slotsAt + start),
    4 * a.slotStride,
    a.count,
    at(a.weights, start),
    at(a.first, start),
    at(a.second, start),
    at(a.newWeights, start),
    at(a.newFirst, start),
    at(a.newSecond, start),
    4 * (piece.groupsEnd - start),
    h.b1,
    h.c1,
    h.b2,
    h.c2,
    h.alpha,
    h.epsilon,
  );
}

/** Trainable values of `variables`: the length of a gradient slot. */
export function parameterCount(variables: readonly tf.Variable[]): number {
  return variables.reduce((sum, variable) => sum + variable.size, 0);
}
