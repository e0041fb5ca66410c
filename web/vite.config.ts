import { defineConfig } from 'vite';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const pages = ['index', 'doctor/index', 'pharmacy/index', 'patient/index', 'admin/index', 'regulator/index'];

export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    assetsDir: 'assets',
    chunkSizeWarningLimit: 250,
    rollupOptions: {
      input: Object.fromEntries(pages.map((p) => [p.replace('/index', '') , resolve(root, `${p}.html`)])),
    },
  },
  server: {
    // `vite --config web/vite.config.ts` during development: the API comes from a running healthflow.
    proxy: {
      '/api': process.env.HF_API ?? 'http://127.0.0.1:8080',
      '/health': process.env.HF_API ?? 'http://127.0.0.1:8080',
      '/version': process.env.HF_API ?? 'http://127.0.0.1:8080',
    },
  },
});
