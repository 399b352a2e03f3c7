/**
 * The CLI's only contact with the outside world: reading input, printing, writing output.
 * Tests replace it with an in-memory `CliIo`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../planner/errors';

/** What `writeFiles` must not touch. */
export interface WriteOptions {
  /**
   * Files the command read: an output directory that holds one of them (the input's own
   * directory, or any folder above it) is refused, so writing never replaces its own input.
   * @default - none
   */
  readonly inputs?: readonly string[];
}

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
  writeFiles(dir: string, files: Readonly<Record<string, string>>, options?: WriteOptions): void;
  /**
   * Refuses an output directory that `writeFiles` would refuse, before the command spends its
   * time planning or rendering; `writeFiles` checks again when it writes.
   */
  checkOut?(dir: string, options?: WriteOptions): void;
}

/**
 * A file or directory the CLI could not read or write (missing, unreadable, too large, a
 * directory where a file was expected). The CLI prints the message and exits 1.
 */
export class FileAccessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileAccessError';
  }
}

/**
 * The largest input file read, in bytes. Far above any real platform file or plan (a plan of
 * 100,000 workloads is a few tens of MiB) and well below V8's string limit (~512 MiB), so a
 * device such as /dev/zero or a wrong file fails at once with a clear message.
 */
export const MAX_INPUT_BYTES = 256 * 2 ** 20;

/** Name of the file that marks a directory as written by `cnai`, listing what it wrote. */
export const OUTPUT_MARKER = '.cnai-output.json';

/** The real file system and terminal. */
export const nodeIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  readFile: (file) => readInputFile(file),
  writeFiles: writeFilesAtomically,
  checkOut: checkOutputDirectory,
};

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many levels of symbolic links (a symlink loop)',
  ENOTDIR: 'a component of the path is not a directory',
  EISDIR: 'it is a directory',
  ENAMETOOLONG: 'the name is too long',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EEXIST: 'it already exists',
};

/** Describes a failed file operation in words, with the path it was about. */
function describeErrno(verb: string, file: string, e: unknown): FileAccessError {
  const err = e as NodeJS.ErrnoException;
  const code = typeof err?.code === 'string' ? err.code : undefined;
  const text = code !== undefined ? (ERRNO_TEXT[code] ?? `${code}: ${err.message}`) : String(e);
  return new FileAccessError(`cannot ${verb} '${file}': ${text}`);
}

function tooLarge(file: string, limit: number): FileAccessError {
  return new FileAccessError(
    `cannot read '${file}': larger than ${limit % 2 ** 20 === 0 ? `${limit / 2 ** 20} MiB` : `${limit} bytes`}, the most cnai reads; give a platform file or plan JSON, not a device or a data file`,
  );
}

/**
 * Reads a file as UTF-8, refusing directories and anything larger than `limit` bytes. Devices and
 * pipes, whose size is unknown in advance, are read in chunks and stopped at the limit.
 *
 * @throws FileAccessError naming the file and what is wrong
 */
export function readInputFile(file: string, limit: number = MAX_INPUT_BYTES): string {
  if (file === '') throw new UsageError("the file name is empty (''); give the path of a platform file");
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    throw describeErrno('read', file, e);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory())
      throw new FileAccessError(`cannot read '${file}': it is a directory; give a platform file, such as ${path.join(file, 'platform.yaml')}`);
    if (stat.size > limit) throw tooLarge(file, limit);
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.allocUnsafe(Math.min(limit + 1, Math.max(stat.size + 1, 1 << 16)));
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > limit) throw tooLarge(file, limit);
      chunks.push(Buffer.from(chunk.subarray(0, n)));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } catch (e) {
    throw e instanceof FileAccessError ? e : describeErrno('read', file, e);
  } finally {
    fs.closeSync(fd);
  }
}

/** Whether `inner` is `outer` or lies somewhere below it (both absolute). */
function isWithin(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The real path of `p` when it exists, else `p` resolved (a new output directory has none yet). */
function realOrResolved(p: string): string {
  const abs = path.resolve(p);
  try {
    return fs.realpathSync(abs);
  } catch {
    // a missing directory: resolve its nearest existing parent, so a symlinked parent still compares right
    const parent = path.dirname(abs);
    return parent === abs ? abs : path.join(realOrResolved(parent), path.basename(abs));
  }
}

/** Every entry under `dir`, relative to it, without following symbolic links. */
function listTree(dir: string, rel = ''): { path: string; kind: 'file' | 'dir' | 'other' }[] {
  const out: { path: string; kind: 'file' | 'dir' | 'other' }[] = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const p = rel === '' ? entry.name : `${rel}/${entry.name}`;
    if (entry.isDirectory()) {
      out.push({ path: p, kind: 'dir' }, ...listTree(dir, p));
    } else {
      out.push({ path: p, kind: entry.isFile() ? 'file' : 'other' });
    }
  }
  return out;
}

/** The files a marker says `cnai` wrote, or undefined when the marker is absent or not ours. */
function markedFiles(dir: string): ReadonlySet<string> | undefined {
  try {
    const marker = JSON.parse(fs.readFileSync(path.join(dir, OUTPUT_MARKER), 'utf8')) as unknown;
    if (marker === null || typeof marker !== 'object') return undefined;
    const { writtenBy, files } = marker as { writtenBy?: unknown; files?: unknown };
    if (writtenBy !== 'cnai' || !Array.isArray(files) || !files.every((f) => typeof f === 'string')) return undefined;
    return new Set(files as string[]);
  } catch {
    return undefined;
  }
}

/**
 * Checks that replacing `target` destroys nothing `cnai` did not write.
 *
 * @throws UsageError when `target` is the working directory or above it, holds an input, is a
 * file, or holds anything not listed in its marker
 */
function checkReplaceable(dir: string, target: string, inputs: readonly string[]): void {
  const shown = `--out '${dir}'`;
  if (path.dirname(target) === target) throw new UsageError(`${shown} is the root of the file system; give a new directory such as ./out`);
  // compared both as written and through symbolic links, so another spelling of a path is caught too
  const spellings = [target, realOrResolved(target)];
  const covers = (p: string): boolean => spellings.some((t) => isWithin(p, t) || isWithin(realOrResolved(p), t));
  if (covers(process.cwd())) {
    throw new UsageError(`${shown} is the working directory or a folder above it, which cnai would replace; give a new directory such as ./out`);
  }
  for (const input of inputs) {
    if (covers(path.resolve(input))) {
      throw new UsageError(`${shown} holds the input file '${input}', which cnai would replace; give a new directory such as ./out`);
    }
  }
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw describeErrno('write to', dir, e);
  }
  if (!stat.isDirectory()) {
    throw new UsageError(`${shown} is ${stat.isSymbolicLink() ? 'a symbolic link' : 'a file'}, not a directory; give a new directory such as ./out`);
  }
  const entries = listTree(target);
  if (entries.length === 0) return;
  const marked = markedFiles(target);
  const ours = marked ?? new Set<string>();
  const ourDirs = new Set(
    [...ours].flatMap((f) =>
      f
        .split('/')
        .slice(0, -1)
        .map((_, i, parts) => parts.slice(0, i + 1).join('/')),
    ),
  );
  const foreign = entries.find((e) => {
    if (e.kind === 'other') return true;
    if (e.kind === 'dir') return !ourDirs.has(e.path);
    return e.path === OUTPUT_MARKER ? marked === undefined : !ours.has(e.path);
  });
  if (foreign !== undefined) {
    throw new UsageError(
      `${shown} already holds '${foreign.path}', which cnai did not write; give a new or empty directory, or remove the directory yourself first`,
    );
  }
}

/**
 * Checks that `dir` may receive `cnai`'s output: what `writeFilesAtomically` refuses, refused
 * here without writing anything, so a command can say so before it plans or renders.
 *
 * @throws UsageError for an empty name or a directory that must not be replaced
 * @throws FileAccessError when the path cannot be examined
 */
export function checkOutputDirectory(dir: string, options: WriteOptions = {}): void {
  if (dir.trim() === '') throw new UsageError(`--out '${dir}' is empty; give a new directory such as ./out`);
  checkReplaceable(dir, path.resolve(dir), options.inputs ?? []);
}

/**
 * Writes every file into a fresh sibling directory, then swaps it into place, so a failed run
 * never leaves half-written output. The directory may be new, empty, or a previous `cnai` output
 * (recognised by its marker file and holding nothing else): only then is its old content removed.
 * Anything else (the working directory, a folder holding an input, a foreign directory, a file) is
 * refused before anything is written.
 *
 * @throws UsageError for an output directory that must not be replaced
 * @throws FileAccessError when the file system refuses to create or write it
 */
export function writeFilesAtomically(dir: string, files: Readonly<Record<string, string>>, options: WriteOptions = {}): void {
  checkOutputDirectory(dir, options);
  const names = Object.keys(files).sort();
  for (const rel of names) {
    if (rel === '' || path.isAbsolute(rel) || rel.split(/[\\/]/).includes('..') || rel === OUTPUT_MARKER) {
      throw new UsageError(`refusing to write outside the output directory: ${rel}`);
    }
  }
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  try {
    fs.mkdirSync(parent, { recursive: true, mode: 0o755 });
  } catch (e) {
    throw describeErrno('create', path.relative(process.cwd(), parent) || parent, e);
  }
  let staging: string;
  try {
    staging = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.tmp-`));
  } catch (e) {
    throw describeErrno('write to', dir, e);
  }
  try {
    // mkdtemp creates 0700; output is meant to be read by others, like any directory mkdir makes
    fs.chmodSync(staging, 0o755);
    for (const rel of names) {
      const file = path.join(staging, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
      fs.writeFileSync(file, files[rel]!);
    }
    fs.writeFileSync(path.join(staging, OUTPUT_MARKER), JSON.stringify({ files: names, writtenBy: 'cnai' }, null, 2) + '\n');
    const old = fs.existsSync(target) ? `${staging}.old` : undefined;
    if (old) fs.renameSync(target, old);
    try {
      fs.renameSync(staging, target);
    } catch (e) {
      if (old) fs.renameSync(old, target);
      throw e;
    }
    // only what checkReplaceable found to be ours (or nothing) is removed
    if (old) fs.rmSync(old, { recursive: true, force: true });
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e instanceof UsageError ? e : describeErrno('write to', dir, e);
  }
}
