export { useCpuBackend } from './cpu-backend';
export { expectNoNewTensors } from './tensor-count';
export { thrown } from './thrown';
export { weightValues } from './weights';
