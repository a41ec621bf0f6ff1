import * as backend from '@mnist-wasm/backend';
import * as dataset from '@mnist-wasm/dataset';
import * as node from '@mnist-wasm/dataset/node';
import * as model from '@mnist-wasm/model';
import * as trainer from '@mnist-wasm/trainer';
import * as tf from '@tensorflow/tfjs-core';
import { smoke } from './smoke.cjs';

await smoke({ trainer, model, dataset, node, backend, tf });
