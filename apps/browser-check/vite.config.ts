import { defineConfig } from 'vite';
import { failOnNodeBuiltinWarning, noNodeBuiltins } from '../../vite.no-node-builtins';

export default defineConfig({
  base: './',
  plugins: [noNodeBuiltins()],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    // Size is not what this check is about.
    chunkSizeWarningLimit: 4096,
    rollupOptions: { onwarn: failOnNodeBuiltinWarning },
  },
});
