import { loadApiConfiguration } from './api.ts';
import './styles.css';
import { App } from './app.ts';

const root = document.getElementById('app');
if (!root) throw new Error('The page has no #app element');
await loadApiConfiguration();
new App(root).start();
