// Vite's root is client/, where the Svelte plugin looks for its config; the real one is at the top.
export { default } from '../svelte.config.js';
