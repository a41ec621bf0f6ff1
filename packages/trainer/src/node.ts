export { spawnNodeTrainingThread } from './parallel/node-spawn';
