import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { i18n } from './i18n/index.svelte';
import { getCsrfToken, setApiLanguage } from './lib/api';
import { installQuickExitKeys, quickExit } from './lib/quickExit';
import { clearSession } from './lib/session.svelte';

document.documentElement.lang = i18n.lang;
setApiLanguage(i18n.lang);

// Installed before the app mounts so the shortcut works on every screen, even while loading.
installQuickExitKeys(() => quickExit(getCsrfToken(), () => clearSession()));

const target = document.getElementById('app');
if (!target) throw new Error('missing #app');
mount(App, { target });
