'use strict';
/**
 * Lets Node run the TypeScript sources directly (`node -r ./scripts/register.js cli/bin.ts ...`):
 * each .ts file is transpiled by SWC, without type-checking (`tsc --noEmit` does that). Used by
 * bin/cnai.js in a checkout, `npm start` and the benchmarks, so none of them needs a build.
 *
 * Transpiled output is kept in node_modules/.cache/cnai-swc, keyed by a hash of the SWC version,
 * the file name and its source, so a file is transpiled again exactly when it changed: a checkout
 * always runs what it holds, and a second run does not pay for transpiling the whole tree.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

// SWC itself (a native binding) loads only when a file is not in the cache yet
const SWC_VERSION = require('@swc/core/package.json').version;
const CACHE_DIR = path.join(__dirname, '..', 'node_modules', '.cache', 'cnai-swc');

function transpile(source, filename) {
  return require('@swc/core').transformSync(source, {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  }).code;
}

require.extensions['.ts'] = function compileTs(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto.createHash('sha256').update(SWC_VERSION).update('\0').update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(CACHE_DIR, `${key}.js`);
  let code;
  try {
    code = fs.readFileSync(cached, 'utf8');
  } catch {
    code = transpile(source, filename);
    try {
      fs.mkdirSync(CACHE_DIR, { recursive: true });
      // written whole, then renamed, so a concurrent run never reads half a file
      const tmp = `${cached}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, code);
      fs.renameSync(tmp, cached);
    } catch {
      // a read-only checkout still runs, transpiling every time
    }
  }
  module._compile(code, filename);
};
