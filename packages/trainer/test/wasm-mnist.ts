import { initWasmBackend } from '@mnist-wasm/backend';
import type { Mnist } from '@mnist-wasm/dataset';
import { loadMnist } from '@mnist-wasm/dataset/node';

let mnist: Promise<Mnist> | undefined;

/** Makes the WASM backend active and loads MNIST (the offline files), once per test file (the trainer's suites train on real digits). */
export async function setupWasmMnist(): Promise<Mnist> {
  await initWasmBackend();
  mnist ??= loadMnist();
  return mnist;
}
