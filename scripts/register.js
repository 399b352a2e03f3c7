'use strict';
/**
 * Lets Node run the TypeScript sources directly (`node -r ./scripts/register.js cli/bin.ts ...`):
 * each .ts file is transpiled in memory by SWC, without type-checking (`tsc --noEmit` does that).
 * Used by `npm start` and `npm run bench` so neither needs a build first.
 */
const fs = require('node:fs');
const swc = require('@swc/core');

require.extensions['.ts'] = function compileTs(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = swc.transformSync(source, {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
