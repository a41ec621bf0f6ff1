import { defineConfig } from 'vite';
import { noNodeBuiltins } from '../../vite.no-node-builtins';

export default defineConfig({
  base: './',
  plugins: [noNodeBuiltins()],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    // Size is not what this check is about.
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      onwarn(warning, warn) {
        // Vite's own signal of an unmapped built-in: fail as well, in case the plugin missed it.
        if (/externalized for browser compatibility/.test(warning.message)) {
          throw new Error(`browser bundle pulls in a Node built-in: ${warning.message}`);
        }
        warn(warning);
      },
    },
  },
});
