import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** Used by svelte-check at the repository top and, through client/svelte.config.js, by Vite. */
export default {
  preprocess: vitePreprocess(),
};
