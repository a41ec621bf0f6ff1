import { packageBuild } from '../../tsup.config.base';

export default packageBuild({
  entry: {
    index: 'src/index.ts',
    node: 'src/node.ts',
    web: 'src/web.ts',
    // The script `spawnNodeTrainingThread` starts, found next to the module that starts it.
    'training-thread': 'src/parallel/node-training-thread.ts',
  },
  splitting: true,
  // import.meta.url (to find the thread script) also in the CommonJS build.
  shims: true,
});
