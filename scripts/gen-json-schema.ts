/**
 * Writes `schema/platform.schema.json` from the zod schema.
 *
 * Usage: `npx ts-node --swc scripts/gen-json-schema.ts [--check]`; with `--check` it writes
 * nothing and exits 1 when the committed file is out of date.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PLATFORM_SCHEMA_PATH, renderPlatformJsonSchema } from '../planner/spec/json-schema';

/** Generates (or, with `check`, compares) the schema file under `root`; returns true when it is up to date. */
export function generateJsonSchema(root: string, check: boolean): boolean {
  const file = path.join(root, PLATFORM_SCHEMA_PATH);
  const text = renderPlatformJsonSchema();
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  if (check) return current === text;
  if (current !== text) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return true;
}

if (require.main === module) {
  const check = process.argv.includes('--check');
  const ok = generateJsonSchema(path.resolve(__dirname, '..'), check);
  if (!ok) {
    process.stderr.write(`${PLATFORM_SCHEMA_PATH} is out of date; run: npx ts-node --swc scripts/gen-json-schema.ts\n`);
    process.exit(1);
  }
}
