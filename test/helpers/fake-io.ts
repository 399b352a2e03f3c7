/**
 * An in-memory `CliIo` for command tests: captures standard output and error, serves files from a
 * map (falling back to the disk), and records what a command writes instead of touching the disk.
 */
import { type CliIo, FileAccessError, readInputFile } from '../../cli/io';
import { main } from '../../cli/main';

/** What `fakeIo()` is built from. */
export interface FakeIoOptions {
  /** Files `readFile` serves, by the exact name the command is given. */
  readonly files?: Readonly<Record<string, string>>;
  /**
   * Whether names not in `files` are read from the disk (fixtures, examples).
   * @default true
   */
  readonly readDisk?: boolean;
  /**
   * Replaces the in-memory `writeFiles`, e.g. with `writeFilesAtomically` to test the real output
   * directory; `written` then stays empty.
   * @default - record in `written`
   */
  readonly writeFiles?: CliIo['writeFiles'];
  /** The early check of an output directory (`checkOutputDirectory` for the real one); none by default. */
  readonly checkOut?: CliIo['checkOut'];
}

/** A `CliIo` that remembers everything a command did to it. */
export interface FakeIo extends CliIo {
  /** Everything printed to standard output so far. */
  readonly stdout: string;
  /** Everything printed to standard error so far. */
  readonly stderr: string;
  /** Output directory to the files written into it by the last `writeFiles` call for it. */
  readonly written: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

/**
 * Makes an in-memory `CliIo`. A missing file fails as on the disk (a `FileAccessError` naming it), so
 * the CLI's error mapping is exercised as in real use.
 */
export function fakeIo(options: FakeIoOptions = {}): FakeIo {
  let stdout = '';
  let stderr = '';
  const written = new Map<string, Readonly<Record<string, string>>>();
  const files = options.files ?? {};
  const readDisk = options.readDisk ?? true;
  return {
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    written,
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
    readFile: (file) => {
      const text = files[file];
      if (text !== undefined) return text;
      if (readDisk) return readInputFile(file);
      throw new FileAccessError(`cannot read '${file}': no such file or directory`);
    },
    writeFiles:
      options.writeFiles ??
      ((dir, out) => {
        // a copy, so a caller mutating its map afterwards cannot change what was "written"
        written.set(dir, { ...out });
      }),
    ...(options.checkOut ? { checkOut: options.checkOut } : {}),
  };
}

/** The outcome of one `cnai` run. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The io the run used, to inspect what it wrote. */
  readonly io: FakeIo;
}

/** Runs `cnai <args>` through the real `main` with a fake io (or the one given). */
export async function runCnai(args: readonly string[], io: FakeIo = fakeIo()): Promise<CliRun> {
  const code = await main(args, io);
  return { code, stdout: io.stdout, stderr: io.stderr, io };
}
