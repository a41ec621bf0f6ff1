import { defineConfig } from 'vite';
import { browserAppConfig } from '../../vite.browser-app';

export default defineConfig(browserAppConfig(import.meta.url));
