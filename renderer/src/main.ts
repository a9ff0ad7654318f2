import { mount } from 'svelte';
import App from './App.svelte';
import { log } from './lib/api';
import './styles.css';

// Anything the page did not handle ends up in the app's log, where support will look.
window.addEventListener('error', (event) => {
  log('error', `page error: ${event.message} at ${event.filename}:${event.lineno}:${event.colno}`);
});
window.addEventListener('unhandledrejection', (event) => {
  const reason = event.reason as { message?: string; stack?: string } | undefined;
  log('error', `unhandled rejection: ${reason?.stack ?? reason?.message ?? String(event.reason)}`);
});

const target = document.getElementById('app');
if (!target) throw new Error('missing #app');
mount(App, { target });
