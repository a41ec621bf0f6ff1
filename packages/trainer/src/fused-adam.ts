import { adamUpdate } from '@mnist-wasm/backend';
import * as tf from '@tensorflow/tfjs-core';
import { TrainerOptionError, UnknownVariableError } from './errors';

/** A tensor with its name, as `tf.Optimizer` passes weights and gradients. */
type NamedTensor = { name: string; tensor: tf.Tensor };

/** Moments of one variable, held by {@link FusedAdam}. */
interface Moments {
  first: tf.Tensor;
  second: tf.Tensor;
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
 * The moments are created at a variable's first update and live until {@link FusedAdam.dispose}.
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

  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly epsilonMode: 'keras' | 'tfjs';
  private readonly moments = new Map<string, Moments>();

  /** @throws TrainerOptionError naming the first setting outside its range. */
  constructor(config: FusedAdamConfig) {
    super();
    this.learningRate = checked('learningRate', config.learningRate, (v) => v > 0, 'a number > 0');
    this.beta1 = checked(
      'beta1',
      config.beta1 ?? 0.9,
      (v) => v >= 0 && v < 1,
      'a number in [0, 1)',
    );
    this.beta2 = checked(
      'beta2',
      config.beta2 ?? 0.999,
      (v) => v >= 0 && v < 1,
      'a number in [0, 1)',
    );
    this.epsilon = checked('epsilon', config.epsilon ?? 1e-7, (v) => v > 0, 'a number > 0');
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
      targets.map(({ tensor }, i) => ({
        weights: variables[i]!,
        gradients: tensor,
        firstMoments: moments[i]!.first,
        secondMoments: moments[i]!.second,
      })),
      {
        learningRate: this.learningRate,
        beta1: this.beta1,
        beta2: this.beta2,
        epsilon: this.epsilon,
        epsilonMode: this.epsilonMode,
        step: this.iterations + 1,
      },
    );
    updates.forEach((update, i) => {
      variables[i]!.assign(update.weights);
      update.weights.dispose();
      const held = moments[i]!;
      tf.dispose([held.first, held.second]);
      // Kept: applyGradients may run inside a caller's tidy.
      held.first = tf.keep(update.firstMoments);
      held.second = tf.keep(update.secondMoments);
    });
    this.incrementIterations();
  }

  /** Frees the moments. */
  override dispose(): void {
    this.clearMoments();
    super.dispose();
  }

  /** The step count and the moments, named `<variable>/m` and `<variable>/v` like tf.train.adam's. */
  override async getWeights(): Promise<NamedTensor[]> {
    const moments = [...this.moments].flatMap(([name, { first, second }]) => [
      { name: `${name}/m`, tensor: first },
      { name: `${name}/v`, tensor: second },
    ]);
    return [await this.saveIterations(), ...moments];
  }

  /** Restores what {@link FusedAdam.getWeights} returned (copies the tensors). */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    this.clearMoments();
    const byName = new Map(rest.map(({ name, tensor }) => [name, tensor]));
    for (const [key, tensor] of byName) {
      if (!key.endsWith('/m')) continue;
      const name = key.slice(0, -2);
      const second = byName.get(`${name}/v`);
      if (second === undefined) continue;
      this.moments.set(name, { first: tf.keep(tensor.clone()), second: tf.keep(second.clone()) });
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

  private clearMoments(): void {
    for (const { first, second } of this.moments.values()) tf.dispose([first, second]);
    this.moments.clear();
  }

  private momentsOf(name: string, variable: tf.Variable): Moments {
    let held = this.moments.get(name);
    if (held === undefined) {
      held = {
        first: tf.keep(tf.zeros(variable.shape)),
        second: tf.keep(tf.zeros(variable.shape)),
      };
      this.moments.set(name, held);
    }
    return held;
  }
}

/** `value` when it is a finite number that passes `ok`; otherwise a TrainerOptionError. */
function checked(option: string, value: number, ok: (value: number) => boolean, allowed: string) {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
    throw new TrainerOptionError('FusedAdam', option, value, allowed);
  }
  return value;
}
