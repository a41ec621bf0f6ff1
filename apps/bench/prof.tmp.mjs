import * as tf from '@tensorflow/tfjs-core';
export function profileKernels() {
  const times = new Map();
  let depth = 0;
  for (const k of tf.getKernelsForBackend('wasm')) {
    const f = k.kernelFunc;
    tf.unregisterKernel(k.kernelName, 'wasm');
    tf.registerKernel({ ...k, kernelFunc: (args) => {
      depth++;
      const t = performance.now(); const r = f(args); const dt = performance.now() - t;
      depth--;
      const key = `${depth ? '  (nested) ' : ''}${k.kernelName} ${Object.values(args.inputs).filter(Boolean).map((i) => `[${i.shape}]`).join(',')}`;
      const e = times.get(key) ?? [0, 0]; e[0] += dt; e[1]++; times.set(key, e); return r; } });
  }
  return (steps) => [...times].sort((a, b) => b[1][0] - a[1][0]).slice(0, 30).map(([n, [t, c]]) => `${(t / steps).toFixed(3)} ms/step ${(c / steps).toFixed(1)}x  ${n}`).join('\n');
}
