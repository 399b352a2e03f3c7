#!/usr/bin/env node
'use strict';
// Installed packages run the compiled CLI in dist/; a source checkout without a build runs the
// TypeScript sources through the SWC hook.
const path = require('node:path');
const fs = require('node:fs');
const compiled = path.join(__dirname, '..', 'dist', 'cli', 'bin.js');
if (fs.existsSync(compiled)) {
  require(compiled);
} else {
  require('../scripts/register.js');
  require('../cli/bin.ts');
}
