/**
 * Every `cnai` command shown in the README, docs/ and the example READMEs is run, and the output
 * the page shows is compared with what the command prints. A line `...` in the page stands for
 * any number of lines; `...` inside a line for any text.
 *
 * Commands are run in process through the real entry point, from the repository root; a
 * command shown without output must exit 0.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fakeIo, runCnai } from '../helpers/fake-io';
import { DOC_PAGES, ROOT } from '../helpers/doc-pages';

const PAGES = DOC_PAGES;

/** A command in a page and the output shown under it (undefined when none is shown). */
interface Shown {
  readonly page: string;
  readonly line: number;
  readonly args: string[];
  readonly output?: string[];
}

const COMMAND = /^(?:\$ )?(?:.*&& )?(?:node bin\/cnai\.js|cnai) (.*)$/;

/** Finds the commands in the fenced blocks of a page. */
function commandsOf(page: string): Shown[] {
  const lines = fs.readFileSync(path.join(ROOT, page), 'utf8').split('\n');
  const found: Shown[] = [];
  let inBlock = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('```')) {
      inBlock = !inBlock;
      continue;
    }
    if (!inBlock) continue;
    const m = COMMAND.exec(line.replace(/\s+#.*$/, ''));
    if (m === null) continue;
    const output: string[] = [];
    for (let j = i + 1; j < lines.length && !lines[j]!.startsWith('```') && !lines[j]!.startsWith('$ '); j++) output.push(lines[j]!);
    // an output is shown only under a `$ ` prompt; `npm ci && node bin/cnai.js ...` lines show none
    found.push({ page, line: i + 1, args: m[1]!.trim().split(/\s+/), output: line.startsWith('$ ') && output.length > 0 ? output : undefined });
  }
  return found;
}

/** Whether `actual` lines match the `shown` lines, where `...` elides. */
function matches(shown: readonly string[], actual: readonly string[]): boolean {
  const lineRe = (s: string): RegExp =>
    new RegExp(
      `^${s
        .split('...')
        .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}\\s*$`,
    );
  const go = (i: number, j: number): boolean => {
    if (i === shown.length) return j === actual.length;
    if (shown[i]!.trim() === '...') {
      for (let k = j; k <= actual.length; k++) if (go(i + 1, k)) return true;
      return false;
    }
    return j < actual.length && lineRe(shown[i]!.trimEnd()).test(actual[j]!) && go(i + 1, j + 1);
  };
  return go(0, 0);
}

const shown = PAGES.flatMap(commandsOf);
const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

describe('commands shown in the docs', () => {
  it('finds the commands of the README and the docs', () => {
    expect(shown.map((s) => s.page)).toEqual(expect.arrayContaining(['README.md', 'docs/sizing.md', 'docs/deploying.md']));
  });

  // the README's first command: `npm start` plans and renders the reference platform into dist/reference/
  it('npm start runs the cnai commands the README describes, writing where it says, and ends with the verify summary', async () => {
    const cwd = process.cwd();
    process.chdir(ROOT);
    try {
      const commands = scripts.start!.split('&&').map((c) => c.trim());
      expect(commands.every((c) => c.startsWith('node bin/cnai.js '))).toBe(true);
      const io = fakeIo();
      for (const c of commands) expect((await runCnai(c.slice('node bin/cnai.js '.length).split(/\s+/), io)).code).toBe(0);
      expect(Object.keys(io.written.get('dist/reference/plan') ?? {}).sort()).toEqual(['plan.json', 'plan.md', 'plan.txt']);
      expect(Object.keys(io.written.get('dist/reference/manifests') ?? {})).toEqual(expect.arrayContaining(['kueue.yaml', 'tenancy.yaml']));
      expect(io.stdout.trimEnd().split('\n').pop()).toMatch(/^verify: \d+\/\d+ workloads admitted and scheduled/);
    } finally {
      process.chdir(cwd);
    }
  });

  it.each(shown.map((s) => [`${s.page}:${s.line}: cnai ${s.args.join(' ')}`, s] as const))('%s', async (_name, s) => {
    const cwd = process.cwd();
    process.chdir(ROOT);
    // the clock stands still: a run slowed by a loaded machine prints progress lines on stderr
    // after a second (cli/progress.ts), which the pages leave out, showing a quick run
    const clock = jest.spyOn(Date, 'now').mockReturnValue(0);
    try {
      const run = await runCnai(s.args, fakeIo());
      const printed = (run.stdout + run.stderr).replace(/\n$/, '').split('\n');
      if (s.output === undefined) {
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
      } else if (!matches(s.output, printed)) {
        // show both in full, so the page can be corrected from the failure
        expect(printed.join('\n')).toBe(s.output.join('\n'));
      }
    } finally {
      clock.mockRestore();
      process.chdir(cwd);
    }
  });
});
