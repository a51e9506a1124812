import './csp';
import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { registerOfflineShell } from './lib/offline';

const target = document.getElementById('app');
if (!target) throw new Error('The page has no #app element.');

export default mount(App, { target });

registerOfflineShell();
