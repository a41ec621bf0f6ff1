import * as backend from '@mnist-wasm/backend';
import * as model from '@mnist-wasm/model';
import * as tf from '@tensorflow/tfjs-core';
import { smoke } from './smoke.cjs';

await smoke({ model, backend, tf });
