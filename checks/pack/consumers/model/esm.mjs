import * as backend from '@mnist-wasm/backend';
import * as model from '@mnist-wasm/model';
import * as modelNode from '@mnist-wasm/model/node';
import * as tf from '@tensorflow/tfjs-core';
import { smoke } from './smoke.cjs';

await smoke({ model, modelNode, backend, tf });
