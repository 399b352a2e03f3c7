#!/usr/bin/env node
'use strict';
// A source checkout (cli/bin.ts beside this folder) always runs the TypeScript it holds, through
// the SWC hook, so a stale build in dist/ can never stand in for it. An installed package ships
// no sources and runs the compiled CLI in dist/.
const path = require('node:path');
const fs = require('node:fs');
const sources = path.join(__dirname, '..', 'cli', 'bin.ts');
if (fs.existsSync(sources)) {
  require('../scripts/register.js');
  require(sources);
} else {
  require(path.join(__dirname, '..', 'dist', 'cli', 'bin.js'));
}
