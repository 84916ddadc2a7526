#!/usr/bin/env node
// The `collab-stream` command. Job definitions are TypeScript, so the CLI runs through tsx's loader.
'use strict';
require('tsx/cjs/api').register();
const { main } = require('../cli/src/main.ts');
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  },
);
