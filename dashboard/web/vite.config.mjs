// The dashboard front end's production build: one page, its routes handled in the browser, assets hashed.
import path from 'node:path';
import { defineConfig } from 'vite';

const here = path.dirname(new URL(import.meta.url).pathname);

export default defineConfig({
  root: here,
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: path.resolve(here, '../target/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
});
