/**
 * One fresh process doing what `cnai plan FILE --json` does, step by step, with the CPU time of
 * each step: `node -r ./scripts/register.js bench/cli-phases.ts ROOT FILE`. ROOT is a checkout
 * (its TypeScript runs through the SWC hook) or a build (`tsc -p tsconfig.build.json --outDir
 * ROOT`), so the same steps can be timed on both and on an older tree. Prints one JSON line of
 * milliseconds to stderr; the plan goes to stdout, as from the CLI. `bench/cli.ts` runs it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** CPU milliseconds (user + system) of this process so far. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

const startMs = cpuMs();

interface Modules {
  readonly main: typeof import('../cli/main');
  readonly read: typeof import('../planner/spec/read');
  readonly parse: typeof import('../planner/spec/parse');
  readonly solver: typeof import('../solver/plan-optimised');
  readonly serialize: typeof import('../planner/serialize');
}

/** Loads the modules `cnai plan` loads, from `root`. */
function load(root: string): Modules {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the tree to time is chosen when the process runs
  const from = (p: string): unknown => require(path.join(root, p)) as unknown;
  return {
    // the CLI's own modules first, as bin/cnai.js loads them: commander, every command's module
    main: from('cli/main') as Modules['main'],
    read: from('planner/spec/read') as Modules['read'],
    parse: from('planner/spec/parse') as Modules['parse'],
    solver: from('solver/plan-optimised') as Modules['solver'],
    serialize: from('planner/serialize') as Modules['serialize'],
  };
}

async function main(): Promise<void> {
  const [root, file, only] = process.argv.slice(2);
  if (root === undefined || file === undefined) throw new Error('usage: cli-phases.ts ROOT FILE [read]');
  const t0 = cpuMs();
  const m = load(path.resolve(root));
  const t1 = cpuMs();
  const text = fs.readFileSync(file, 'utf8');
  const t2 = cpuMs();
  if (only === 'read') {
    // the YAML reading alone, in a process of its own (the same code is cold, as in the CLI)
    m.read.readYamlOrJson(text, file);
    process.stderr.write(JSON.stringify({ yamlMs: Math.round(cpuMs() - t2) }) + '\n');
    return;
  }
  const spec = m.parse.parsePlatform(text, file);
  const t3 = cpuMs();
  const planned = await m.solver.planOptimised(spec);
  const t4 = cpuMs();
  const json = m.serialize.stableJson(planned);
  const t5 = cpuMs();
  fs.writeSync(1, json);
  const t6 = cpuMs();
  const r = (x: number): number => Math.round(x);
  process.stderr.write(
    JSON.stringify({
      startMs: r(startMs),
      loadMs: r(t1 - t0),
      readFileMs: r(t2 - t1),
      parseMs: r(t3 - t2),
      planMs: r(t4 - t3),
      jsonMs: r(t5 - t4),
      writeMs: r(t6 - t5),
    }) + '\n',
  );
}

void main();
