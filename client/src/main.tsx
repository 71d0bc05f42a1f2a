import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { prefetchSignIn } from './AppRoutes';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html must contain <div id="root">.');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
// The sign-in page is a chunk of its own (AppRoutes.tsx): fetch it once the first page is up, before anyone clicks.
void prefetchSignIn();
