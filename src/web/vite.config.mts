import path from 'node:path';
import { defineConfig } from 'vite';

/**
 * The web client's build: src/web → dist/web, static files the api role serves at `/`
 * (docs/decisions/0049). Preact's automatic JSX runtime; hashed file names under /assets, which
 * the api serves as immutable.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: path.resolve(import.meta.dirname, '../../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: true,
  },
  server: { host: '127.0.0.1', proxy: { '/v1': { target: 'http://127.0.0.1:8080', ws: true } } },
});
