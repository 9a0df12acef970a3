import { defineConfig } from 'vite'

// A static bundle with relative paths, so that `attrib ui` (or any file server) can serve it
// from any directory.
export default defineConfig({
  base: './',
  build: { target: 'es2022', outDir: 'dist', chunkSizeWarningLimit: 1500 },
  server: { port: 5173, strictPort: false },
})
