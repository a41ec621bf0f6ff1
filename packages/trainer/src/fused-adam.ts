import { adamUpdate } from '@mnist-wasm/backend';
import { optionChecks } from '@mnist-wasm/errors';
import * as tf from '@tensorflow/tfjs-core';
import { TrainerOptionError, UnknownVariableError } from './errors';

/** A tensor with its name, as `tf.Optimizer` passes weights and gradients. */
type NamedTensor = { name: string; tensor: tf.Tensor };

/** A first and a second moment of one variable. */
interface MomentPair {
  first: tf.Tensor;
  second: tf.Tensor;
}

/**
 * Moments of one variable, held by {@link FusedAdam}. Each update writes the new moments in place:
 * into the moments themselves while undo is off, into `spare` while it is on, which then swaps
 * with the moments read, so that the moments from before the last update are still there to undo
 * it (two pairs taking turns, never a new tensor).
 */
interface Moments extends MomentPair {
  /** While undo is on, after an update: the moments from before it; otherwise null. */
  spare: MomentPair | null;
}

/** What one variable was before the last update, held while undo is on. */
interface UndoSlot {
  name: string;
  variable: tf.Variable;
  /** Shares the data the variable had before the update (no copy). */
  weights: tf.Tensor;
  /** The variable's moments, whose `spare` holds those from before the update. */
  moments: Moments;
}

/** Settings of {@link FusedAdam}, Keras's `Adam` defaults except the learning rate, which is required. */
export interface FusedAdamConfig {
  learningRate: number;
  /** Default 0.9. */
  beta1?: number;
  /** Default 0.999. */
  beta2?: number;
  /** Default 1e-7, Keras's. */
  epsilon?: number;
  /**
   * `'keras'` (default): epsilon added to `√v` as Keras and TensorFlow do; `'tfjs'`: added to the
   * bias-corrected `√v̂` as `tf.train.adam` does. They differ only in the first steps.
   */
  epsilonMode?: 'keras' | 'tfjs';
}

/**
 * Adam that updates every variable in one WASM kernel call per step (`adamUpdate` of
 * `@mnist-wasm/backend`) instead of `tf.train.adam`'s kernel per arithmetic step of every
 * variable, each a round trip through the engine. Same state (two moments per variable) and, by
 * default, Keras's formula. Needs the 'wasm' backend with the kernel registered, which
 * `initWasmBackend()` does.
 *
 * The moments are created at a variable's first update and live until {@link FusedAdam.dispose};
 * each update writes them in place.
 * `applyGradients` throws UnknownVariableError for a gradient whose name is not a registered variable.
 *
 * @example
 * ```ts
 * await initWasmBackend();
 * const optimizer = new FusedAdam({ learningRate: 0.001 });
 * const w = tf.variable(tf.ones([3]));
 * optimizer.minimize(() => tf.sum(tf.square(w)));
 * optimizer.dispose();
 * ```
 */
export class FusedAdam extends tf.Optimizer {
  static get className(): string {
    return 'FusedAdam';
  }

  /**
   * `tf.Optimizer` answers `instanceof` for anything with optimizer methods; a FusedAdam is only
   * what this class (or a subclass) made, since only it can undo an update.
   */
  static override [Symbol.hasInstance](instance: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `instanceof Subclass` must test the subclass.
    return Function.prototype[Symbol.hasInstance].call(this, instance);
  }

  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly epsilonMode: 'keras' | 'tfjs';
  private readonly moments = new Map<string, Moments>();
  /** Whether {@link FusedAdam.keepUndo} is on. */
  private undoOn = false;
  /** The state before the last update, while undo is on and until it is undone or replaced. */
  private undo: { iterations: number; slots: UndoSlot[] } | null = null;
  /**
   * While undo is on: per variable, a handle on the weights our last update wrote (the variable's
   * data, shared), so the next update can keep them as its "before" without copying them.
   */
  private readonly written = new Map<string, tf.Tensor>();

  /** @throws TrainerOptionError naming the first setting outside its range. */
  constructor(config: FusedAdamConfig) {
    super();
    const check = optionChecks(TrainerOptionError, 'FusedAdam');
    const positive = { above: 0, max: Number.MAX_VALUE, allowed: 'a number > 0' };
    const beta = { min: 0, below: 1, allowed: 'a number in [0, 1)' };
    this.learningRate = check.number('learningRate', config.learningRate, positive);
    this.beta1 = check.number('beta1', config.beta1 ?? 0.9, beta);
    this.beta2 = check.number('beta2', config.beta2 ?? 0.999, beta);
    this.epsilon = check.number('epsilon', config.epsilon ?? 1e-7, positive);
    this.epsilonMode = config.epsilonMode ?? 'keras';
    if (this.epsilonMode !== 'keras' && this.epsilonMode !== 'tfjs') {
      throw new TrainerOptionError(
        'FusedAdam',
        'epsilonMode',
        this.epsilonMode,
        "'keras' or 'tfjs'",
      );
    }
  }

  /**
   * Applies one Adam step with `variableGradients` (name to gradient, or named list, as
   * `tf.Optimizer` takes) to the registered variables of those names. Variables without a
   * gradient are left as they are.
   */
  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const named = Array.isArray(variableGradients)
      ? variableGradients
      : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    const targets = named.filter(({ tensor }) => tensor != null);
    if (targets.length === 0) return;
    const variables = targets.map(({ name }) => {
      const variable = tf.engine().registeredVariables[name];
      if (variable === undefined) {
        throw new UnknownVariableError('FusedAdam.applyGradients', name);
      }
      return variable;
    });
    const moments = targets.map(({ name }, i) => this.momentsOf(name, variables[i]!));
    const updates = adamUpdate(
      targets.map(({ tensor }, i) => {
        const held = moments[i]!;
        // With undo on, the moments read stay as they are, for the undo.
        const into = this.undoOn ? this.spareOf(held) : held;
        return {
          weights: variables[i]!,
          gradients: tensor,
          firstMoments: held.first,
          secondMoments: held.second,
          momentsInto: { firstMoments: into.first, secondMoments: into.second },
        };
      }),
      {
        learningRate: this.learningRate,
        beta1: this.beta1,
        beta2: this.beta2,
        epsilon: this.epsilon,
        epsilonMode: this.epsilonMode,
        step: this.iterations + 1,
      },
    );
    if (this.undoOn) this.undo = this.replaceUndo(targets, variables, moments);
    updates.forEach((update, i) => {
      variables[i]!.assign(update.weights);
      if (this.undoOn) {
        // The old weights now belong to the undo state; keep a handle on the new weights so the
        // next update can keep them without a copy. Kept: applyGradients may run in a tidy.
        this.written.set(targets[i]!.name, tf.keep(update.weights));
        swapSpare(moments[i]!);
      } else {
        update.weights.dispose();
      }
    });
    this.incrementIterations();
  }

  /**
   * Starts keeping what each update replaces (the weights before it, the moments and the step
   * count), so that the last update can be undone with {@link FusedAdam.undoLastUpdate}. It costs
   * no copy and no kernel: the replaced weights are kept one update longer instead of being freed,
   * and the new moments go to a second pair per variable (so one more set of weights and moments
   * lives in memory). `train` turns it on while it runs.
   */
  keepUndo(): void {
    this.undoOn = true;
  }

  /**
   * Puts back the weights, moments and step count from before the last update made since
   * {@link FusedAdam.keepUndo} (the same values: the old tensors themselves).
   * @returns false when there is no such update to undo (none yet, or it was already undone).
   */
  undoLastUpdate(): boolean {
    const undo = this.undo;
    if (undo === null) return false;
    for (const slot of undo.slots) {
      slot.variable.assign(slot.weights);
      this.written.get(slot.name)?.dispose();
      // The kept "before" weights are the variable's data again: the next update can keep them.
      this.written.set(slot.name, slot.weights);
      // The moments from before the update are the moments again; the next update overwrites
      // the undone ones.
      swapSpare(slot.moments);
    }
    this.iterations_ = undo.iterations;
    this.undo = null;
    return true;
  }

  /** Stops keeping undo state and frees what was kept; the current weights and moments stay. */
  dropUndo(): void {
    this.undoOn = false;
    this.disposeUndo();
    for (const handle of this.written.values()) handle.dispose();
    this.written.clear();
    for (const held of this.moments.values()) disposeSpare(held);
  }

  /** Frees the moments (and any undo state). */
  override dispose(): void {
    this.dropUndo();
    this.clearMoments();
    super.dispose();
  }

  /**
   * The step count and the moments, named `<variable>/m` and `<variable>/v` like tf.train.adam's.
   * The moments are the optimizer's own tensors, which later updates write over: read or copy
   * them before the next update.
   */
  override async getWeights(): Promise<NamedTensor[]> {
    const moments = [...this.moments].flatMap(([name, { first, second }]) => [
      { name: `${name}/m`, tensor: first },
      { name: `${name}/v`, tensor: second },
    ]);
    return [await this.saveIterations(), ...moments];
  }

  /** Restores what {@link FusedAdam.getWeights} returned (copies the values). */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    // An update made before new state was set cannot be undone into it.
    this.disposeUndo();
    this.clearMoments();
    const byName = new Map(rest.map(({ name, tensor }) => [name, tensor]));
    for (const [key, tensor] of byName) {
      if (!key.endsWith('/m')) continue;
      const name = key.slice(0, -2);
      const second = byName.get(`${name}/v`);
      if (second === undefined) continue;
      // Copies of the values, not clones: updates write the moments in place.
      this.moments.set(name, {
        first: tf.keep(tf.tensor(await tensor.data(), tensor.shape, 'float32')),
        second: tf.keep(tf.tensor(await second.data(), second.shape, 'float32')),
        spare: null,
      });
    }
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      epsilonMode: this.epsilonMode,
    };
  }

  /**
   * Frees the previous undo state and returns the new one: the variables' current weights (the
   * handles our last update kept when the variable still holds them, otherwise a clone) and their
   * moments, with the step count.
   */
  private replaceUndo(
    targets: NamedTensor[],
    variables: tf.Variable[],
    moments: Moments[],
  ): { iterations: number; slots: UndoSlot[] } {
    this.disposeUndo();
    const slots = targets.map(({ name }, i) => {
      const variable = variables[i]!;
      let weights = this.written.get(name);
      this.written.delete(name);
      if (weights === undefined || weights.isDisposed || weights.dataId !== variable.dataId) {
        // Assigned by someone else since our last update (or never updated by us): a clone.
        weights?.dispose();
        weights = tf.keep(tf.clone(variable));
      }
      return { name, variable, weights, moments: moments[i]! };
    });
    return { iterations: this.iterations, slots };
  }

  private disposeUndo(): void {
    if (this.undo === null) return;
    // Each tensor's own dispose: tf.dispose walks its argument as a container, every step.
    for (const slot of this.undo.slots) slot.weights.dispose();
    this.undo = null;
  }

  private clearMoments(): void {
    for (const held of this.moments.values()) {
      disposeSpare(held);
      tf.dispose([held.first, held.second]);
    }
    this.moments.clear();
  }

  private momentsOf(name: string, variable: tf.Variable): Moments {
    let held = this.moments.get(name);
    if (held === undefined) {
      held = { ...zeroPair(variable.shape), spare: null };
      this.moments.set(name, held);
    }
    return held;
  }

  /** The pair an update with undo on writes into: the spare, made at the first such update. */
  private spareOf(held: Moments): MomentPair {
    held.spare ??= zeroPair(held.first.shape);
    return held.spare;
  }
}

/** Two new zero tensors of `shape`, kept (an update may run inside a caller's tidy). */
function zeroPair(shape: readonly number[]): MomentPair {
  return {
    first: tf.keep(tf.zeros(shape as number[])),
    second: tf.keep(tf.zeros(shape as number[])),
  };
}

/** Swaps a variable's moments with its spare pair (after an update into the spare, or to undo it). */
function swapSpare(held: Moments): void {
  const spare = held.spare!;
  const { first, second } = held;
  held.first = spare.first;
  held.second = spare.second;
  spare.first = first;
  spare.second = second;
}

function disposeSpare(held: Moments): void {
  if (held.spare === null) return;
  tf.dispose([held.spare.first, held.spare.second]);
  held.spare = null;
}
