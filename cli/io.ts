/**
 * The CLI's only contact with the outside world: reading input, printing, writing output.
 * Tests replace it with an in-memory `CliIo`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** What a command may do to the outside world. */
export interface CliIo {
  /** Prints to standard output. */
  out(text: string): void;
  /** Prints to standard error (progress, warnings, errors). */
  err(text: string): void;
  /** Reads a file as UTF-8. */
  readFile(file: string): string;
  /**
   * Writes a set of files under `dir` all at once: either every file is written or none is.
   * Keys are paths relative to `dir`.
   */
  writeFiles(dir: string, files: Readonly<Record<string, string>>): void;
}

/** The real file system and terminal. */
export const nodeIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  readFile: (file) => fs.readFileSync(file, 'utf8'),
  writeFiles: writeFilesAtomically,
};

/**
 * Writes every file into a fresh sibling directory, then swaps it into place, so a failed run
 * never leaves half-written output. Files already in `dir` that are not in `files` are removed:
 * `dir` always holds exactly one run's output.
 */
export function writeFilesAtomically(dir: string, files: Readonly<Record<string, string>>): void {
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.tmp-`));
  try {
    for (const rel of Object.keys(files).sort()) {
      if (path.isAbsolute(rel) || rel.split(/[\\/]/).includes('..')) {
        throw new Error(`refusing to write outside the output directory: ${rel}`);
      }
      const file = path.join(staging, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, files[rel]!);
    }
    const old = fs.existsSync(target) ? `${staging}.old` : undefined;
    if (old) fs.renameSync(target, old);
    fs.renameSync(staging, target);
    if (old) fs.rmSync(old, { recursive: true, force: true });
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}
