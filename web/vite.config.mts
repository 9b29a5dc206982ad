import { defineConfig } from 'vite'

/**
 * The web app's build (web/dist, served by the gateway at /) and its dev server (`npm run
 * dev:web`), which reloads on every change and forwards /graphql, WebSockets included, to the
 * gateway of `npm start`.
 */
const gateway = process.env.GATEWAY_URL ?? 'http://localhost:4000'

export default defineConfig({
  root: import.meta.dirname,
  // React's automatic JSX runtime, compiled by Vite's own transformer (oxc).
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Modern browsers only (a site's managed workstations and phones); no legacy bundle.
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: true,
  },
  server: {
    port: 5173,
    proxy: { '/graphql': { target: gateway, ws: true, changeOrigin: true } },
  },
})
