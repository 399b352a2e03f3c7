/**
 * The version of the installed package, for `cnai --version`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Reads `version` from the package's own package.json, found by walking up from this file: one
 * folder up in a checkout (`cli/`), two in the build (`dist/cli/`).
 *
 * @throws Error when no package.json of `cnai-platform` lies above this file (a broken install)
 */
export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'cnai-platform' && typeof pkg.version === 'string') return pkg.version;
    }
    if (path.dirname(dir) === dir) throw new Error(`no package.json of cnai-platform above ${from}`);
  }
}
