import { CONV_KERNEL_NAMES, DENSE_KERNEL_NAMES, POOL_KERNEL_NAMES } from '@mnist-wasm/backend';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { type Conv2dLayerConfig, conv2dLayer } from './conv2d';
import { type DenseLayerConfig, denseLayer } from './dense';
import { dropoutLayer, SeededDropout } from './dropout';
import type { PassMode, PlanLayer, PlanLayerKind } from './layer';
import { maxPooling2dLayer } from './max-pooling2d';
import { flattenLayer, reshapeLayer } from './reshape';

/** A model's layers as a plan: each a forward pass beside its backward pass. */
export interface ModelPlan {
  readonly layers: readonly PlanLayer[];
  /** The trainable variables of the layers, in the model's `trainableWeights` order. */
  readonly variables: readonly tf.Variable[];
}

/** What {@link planModel} returns: the plan, or why the model has none. */
export type PlanOutcome = { plan: ModelPlan; refusal: null } | { plan: null; refusal: string };

/** A layer's forward pass as the backward pass will need it: the layer and its saved record. */
export interface PlanRecord {
  layer: PlanLayer;
  saved: unknown;
}

/** What {@link planForward} returns: new tensors, in the caller's tidy. */
export interface PlanPass {
  /** The model's output, `[n, classes]`. */
  output: tf.Tensor;
  /**
   * The layers' finiteness checks (float32 scalars, 0 or NaN): with a finite output, all are 0
   * exactly when every weight the pass used is finite (for finite inputs, short of overflow).
   */
  checks: tf.Scalar[];
  /** Per layer, in order, what its backward pass needs. */
  records: PlanRecord[];
}

/** What {@link planBackward} returns: new tensors, in the caller's tidy. */
export interface PlanGradients {
  /** The loss gradients of the plan's variables, by variable name. */
  grads: tf.NamedTensorMap;
  /** Checks of the gradients (0 or NaN) from the layers whose kernels skip zeros. */
  checks: tf.Scalar[];
}

/** The kernels each layer kind runs on, which the active backend must have for a plan. */
const KERNELS_OF: Record<PlanLayerKind, readonly string[]> = {
  flatten: [],
  reshape: [],
  dropout: [],
  dense: DENSE_KERNEL_NAMES,
  conv2d: [...CONV_KERNEL_NAMES, ...POOL_KERNEL_NAMES],
  maxPooling2d: POOL_KERNEL_NAMES,
};

/**
 * The plan of a Sequential model made of the layers it covers: Flatten, Reshape, Dense (linear or
 * ReLU, on rank-2 inputs), Dropout (without a noise shape; one right after a Dense layer joins
 * that layer's kernel call), Conv2D (stride 1, no dilation, 'valid' or 'same' padding, linear or
 * ReLU, channels last) and MaxPooling2D (square windows, 'valid' padding, channels last; one right
 * after a Conv2D layer joins that layer, its backward inside the Conv2D's kernel call), none
 * with a regularizer and all trainable. An input layer, and a Dropout of rate 0, are no layer of
 * the plan. The layers run on the Dense, Conv and Pool kernels of `@mnist-wasm/backend`, which the
 * active backend must have (`initWasmBackend()` registers them on 'wasm').
 *
 * @returns The plan, or (`plan: null`) the reason there is none: the first layer it does not
 *   cover, or the kernel the backend lacks. Such a model trains and predicts through its layers.
 *
 * @example
 * ```ts
 * await initWasmBackend();
 * planModel(createMnistMlp()).plan?.layers.map((layer) => layer.kind);
 * // ['flatten', 'dense', 'dense']   (the Dropout joins the first Dense layer)
 * planModel(createMnistCnn()).plan?.layers.map((layer) => layer.kind);
 * // ['conv2d', 'conv2d', 'flatten', 'dense', 'dense']   (each pool joins its Conv2D layer)
 * ```
 */
export function planModel(model: LayersModel): PlanOutcome {
  if (model.getClassName() !== 'Sequential') {
    return refuse(`a ${model.getClassName()} model (only Sequential models have a plan)`);
  }
  const steps: PlanStep[] = [];
  for (const layer of model.layers) {
    const step = planStep(layer);
    if (typeof step === 'string') return refuse(step);
    if (step !== null) steps.push(step);
  }
  const layers = joinFollowers(steps);
  const backend = tf.getBackend();
  for (const kind of new Set(layers.map((layer) => layer.kind))) {
    const missing = KERNELS_OF[kind].find((name) => tf.getKernel(name, backend) === undefined);
    if (missing !== undefined) return refuse(`no '${missing}' kernel on backend '${backend}'`);
  }
  const planned = new Set(layers.flatMap((layer) => layer.variables));
  const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  if (variables.length !== planned.size || !variables.every((v) => planned.has(v))) {
    return refuse('trainable weights outside the planned layers');
  }
  return { plan: { layers, variables }, refusal: null };
}

/**
 * One model layer as the plan takes it: a plan layer, or a Dense layer's config and a Dropout, or
 * a Conv2D layer's config and a MaxPooling2D, which {@link joinFollowers} may put together.
 */
type PlanStep =
  | { kind: 'layer'; layer: PlanLayer }
  | { kind: 'dense'; config: DenseLayerConfig }
  | { kind: 'dropout'; dropout: SeededDropout }
  | { kind: 'conv2d'; config: Conv2dLayerConfig }
  | { kind: 'pool'; size: number; stride: number };

/** The plan step of one model layer; null for a layer that does nothing; why not, as a string. */
function planStep(layer: LayersModel['layers'][number]): PlanStep | string | null {
  const config = layer.getConfig();
  const className = layer.getClassName();
  const named = `layer '${layer.name}' (${className})`;
  if (regularized(config)) return `${named}: a regularizer`;
  if (className === 'InputLayer') return null;
  const weights = layer.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const useBias = config.useBias !== false;
  const activation = config.activation;
  const reluOrLinear = activation === 'relu' || activation === 'linear';
  switch (className) {
    case 'Dropout': {
      const rate = config.rate;
      if (typeof rate !== 'number' || config.noiseShape != null || !(rate >= 0 && rate < 1)) {
        return `${named}: a noise shape or a rate outside [0, 1)`;
      }
      // A rate of 0 drops nothing: no layer.
      return rate === 0 ? null : { kind: 'dropout', dropout: new SeededDropout(rate) };
    }
    case 'Flatten':
      return { kind: 'layer', layer: flattenLayer() };
    case 'Reshape':
      return { kind: 'layer', layer: reshapeLayer('reshape', config.targetShape as number[]) };
    case 'Dense': {
      const inputRank = (layer.input as { shape: unknown[] }).shape.length;
      if (!reluOrLinear) return `${named}: activation '${String(activation)}'`;
      if (inputRank !== 2 || weights.length !== (useBias ? 2 : 1)) {
        return `${named}: an input of rank ${inputRank}, or frozen weights`;
      }
      const bias = weights[1] ?? null;
      return { kind: 'dense', config: { kernel: weights[0]!, bias, activation, dropout: null } };
    }
    case 'Conv2D': {
      const padding = config.padding;
      if (
        !reluOrLinear ||
        (padding !== 'valid' && padding !== 'same') ||
        !allOnes(config.strides) ||
        !allOnes(config.dilationRate) ||
        config.dataFormat !== 'channelsLast' ||
        weights.length !== (useBias ? 2 : 1)
      ) {
        return `${named}: not stride 1, relu or linear, channels last, trainable`;
      }
      const bias = weights[1] ?? null;
      return {
        kind: 'conv2d',
        config: { filter: weights[0]!, bias, activation, padding, pool: null },
      };
    }
    case 'MaxPooling2D': {
      const size = square(config.poolSize);
      const stride = config.strides == null ? size : square(config.strides);
      if (size === null || stride === null || config.padding !== 'valid') {
        return `${named}: not square windows with 'valid' padding`;
      }
      if (config.dataFormat !== 'channelsLast') return `${named}: not channels last`;
      return { kind: 'pool', size, stride };
    }
    default:
      return `${named}: a layer the plan does not cover`;
  }
}

/**
 * The plan's layers: a Dropout right after a Dense layer joins it (its mask multiplies the Dense
 * layer's output in the same kernel call), and a MaxPooling2D right after a Conv2D layer joins it
 * (its backward runs in the Conv2D's backward kernel call); any other Dropout or MaxPooling2D is a
 * layer of its own.
 */
function joinFollowers(steps: readonly PlanStep[]): PlanLayer[] {
  const layers: PlanLayer[] = [];
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const next = steps[i + 1];
    if (step.kind === 'layer') {
      layers.push(step.layer);
    } else if (step.kind === 'dropout') {
      layers.push(dropoutLayer(step.dropout));
    } else if (step.kind === 'pool') {
      layers.push(maxPooling2dLayer(step.size, step.stride));
    } else if (step.kind === 'conv2d') {
      const pool = next?.kind === 'pool' ? { size: next.size, stride: next.stride } : null;
      layers.push(conv2dLayer({ ...step.config, pool }));
      if (pool !== null) i++;
    } else if (next?.kind === 'dropout') {
      layers.push(denseLayer({ ...step.config, dropout: next.dropout }));
      i++;
    } else {
      layers.push(denseLayer(step.config));
    }
  }
  return layers;
}

/**
 * The plan's forward pass on `x`, `[n, ...inputShape]` float32: each layer's forward in turn.
 * In training mode the dropout masks are drawn from `mode.random`, in layer order. Call inside a tidy.
 */
export function planForward(plan: ModelPlan, x: tf.Tensor, mode: PassMode): PlanPass {
  const checks: tf.Scalar[] = [];
  const records: PlanRecord[] = [];
  let y = x;
  for (const layer of plan.layers) {
    const pass = layer.forward(y, mode);
    if (pass.finiteCheck !== null) checks.push(pass.finiteCheck);
    records.push({ layer, saved: pass.saved });
    y = pass.output;
  }
  return { output: y, checks, records };
}

/**
 * The plan's backward pass: given `dOutput`, the loss gradient of `pass.output`, each layer's
 * backward from the last to the first layer with variables (which needs no input gradient).
 * Call inside a tidy.
 */
export function planBackward(pass: PlanPass, dOutput: tf.Tensor): PlanGradients {
  const grads: tf.NamedTensorMap = {};
  const checks: tf.Scalar[] = [];
  const first = pass.records.findIndex((record) => record.layer.variables.length > 0);
  let dy = dOutput;
  for (let i = pass.records.length - 1; i >= first && i >= 0; i--) {
    const { layer, saved } = pass.records[i]!;
    const step = layer.backward(dy, saved, i > first);
    Object.assign(grads, step.grads);
    if (step.finiteCheck !== null) checks.push(step.finiteCheck);
    if (step.dInput !== null) dy = step.dInput;
  }
  return { grads, checks };
}

function refuse(reason: string): PlanOutcome {
  return { plan: null, refusal: reason };
}

function regularized(config: Record<string, unknown>): boolean {
  return (
    config.kernelRegularizer != null ||
    config.biasRegularizer != null ||
    config.activityRegularizer != null
  );
}

function allOnes(value: unknown): boolean {
  if (value == null) return true;
  const values = Array.isArray(value) ? value : [value];
  return values.every((v) => v === 1);
}

/** The side of a square window or stride (`n` or `[n, n]`), or null. */
function square(value: unknown): number | null {
  const values = Array.isArray(value) ? value : [value, value];
  const [a, b] = values as unknown[];
  return Number.isInteger(a) && a === b && (a as number) > 0 ? (a as number) : null;
}
