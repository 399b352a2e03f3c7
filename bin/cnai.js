#!/usr/bin/env node
'use strict';
// The compiled CLI lives in dist/ (`npm run build`).
require('../dist/cli/main.js').main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
