import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The dashboard SPA, served under /app/ from dist/public/app (the Node face and the Workers assets binding). */
export default defineConfig({
  root: here('.'),
  base: '/app/',
  plugins: [preact()],
  resolve: {
    // Same aliases as tsconfig.json, so the dashboard builds the shared core and contract code it imports.
    alias: { '@core': here('../edge/core'), '@contract': here('../edge/contract') },
  },
  build: {
    outDir: here('../dist/public/app'),
    emptyOutDir: true,
    target: 'es2022',
  },
});
