'use strict';
/**
 * `prepare`: builds dist/ when npm prepares this package as a git dependency (it runs `prepare`
 * in the clone from the consumer's project), so a git install ships a working package. In the
 * project's own `npm install` / `npm ci` it does nothing: a checkout runs its sources (bin/cnai.js)
 * and `npm test` type-checks without emitting, so a build there would only cost time.
 * `npm pack` and `npm publish` build through `prepack`.
 */
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const invokedHere = process.env.INIT_CWD !== undefined && path.resolve(process.env.INIT_CWD) === root;
if (!invokedHere) {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
}
