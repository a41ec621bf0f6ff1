#!/usr/bin/env node
// The command's entry point. The CLI itself (cli-main.ts) is built as CommonJS and loaded with
// require(), so that TensorFlow.js (CommonJS) and the packages' CommonJS builds load directly:
// importing them from ES modules goes through Node's CommonJS interop, which parses their sources
// once more for named exports.
import { createRequire } from 'node:module';

createRequire(import.meta.url)('./cli-main.cjs');
