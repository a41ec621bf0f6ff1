import * as backend from '@mnist-wasm/backend';
import * as tf from '@tensorflow/tfjs-core';
import { smoke } from './smoke.cjs';

await smoke({ backend, tf });
