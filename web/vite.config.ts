/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The app is served by `passerelle serve --static-dir web/dist` under a strict CSP
// (script-src 'self'; style-src 'self'; img-src 'self' data:). The build must therefore
// produce no inline <script> or <style>: scripts/check-dist.mjs verifies that after each build.
export default defineConfig({
  plugins: [svelte()],
  build: {
    target: 'es2022',
    modulePreload: { polyfill: false },
    cssCodeSplit: true,
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: true,
  },
  server: {
    // For `npm run dev` against a local `passerelle serve --port 8080`.
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/readyz': 'http://127.0.0.1:8080',
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
