/**
 * `cnai diff OLD NEW [--markdown|--json]`: golden output on hand-built plans, platform files planned on
 * the fly, and the errors a user can make.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { stringify } from 'yaml';
import { type DiffCommandOptions, registerDiff } from '../../cli/commands/diff';
import type { CliIo } from '../../cli/io';
import { reportError } from '../../cli/main';
import { plan } from '../../planner/plan';
import { checkPlan } from '../../planner/plan-schema';
import type { Plan } from '../../planner/plan-types';
import { stableJson } from '../../planner/serialize';
import { parsePlatform } from '../../planner/spec/parse';
import type { PlatformSpec } from '../../planner/spec/schema';

/** A plan as JSON data, to break on purpose. */
type PlanData = { nodePools: Record<string, unknown>[]; cost: Record<string, unknown> };

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

const plans = path.resolve(__dirname, '../fixtures/plans');
const golden = path.resolve(__dirname, 'golden');
const BEFORE = path.join(plans, 'before.json');
const AFTER = path.join(plans, 'after.json');

/** Runs `cnai <args>` with only the diff command registered, mapping errors as `main` does. */
async function cnai(args: readonly string[], options: DiffCommandOptions = {}): Promise<Run> {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (t) => (out += t),
    err: (t) => (err += t),
    readFile: (f) => fs.readFileSync(f, 'utf8'),
    writeFiles: () => {
      throw new Error('diff writes no files');
    },
  };
  const program = new Command('cnai').exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  let code = 0;
  registerDiff(program, io, (c) => (code = c), options);
  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch (e) {
    code = reportError(e, io);
  }
  return { code, out, err };
}

/** Compares with a golden file; `UPDATE_GOLDEN=1` rewrites it (review the diff like code). */
function expectGolden(name: string, actual: string): void {
  const file = path.join(golden, name);
  if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(file, actual);
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

const platform = (chatReplicas: number): Record<string, unknown> => ({
  apiVersion: 'cnai.dev/v1alpha1',
  kind: 'Platform',
  metadata: { name: 'acme-ml' },
  spec: {
    target: { provider: 'eks', region: 'us-east-1' },
    teams: [{ name: 'research' }, { name: 'product' }],
    workloads: [
      { name: 'chat', team: 'product', type: 'inference', model: 'llama-3.1-8b', replicas: chatReplicas },
      { name: 'notebooks', team: 'research', type: 'notebook', replicas: 4, gpu: { memoryGiB: 10 } },
    ],
  },
});

describe('cnai diff', () => {
  let dir: string;
  const file = (name: string, text: string): string => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnai-diff-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the text diff of two plans (golden) and exits 0', async () => {
    const run = await cnai(['diff', BEFORE, AFTER]);
    expect(run.code).toBe(0);
    expect(run.err).toBe('');
    expectGolden('diff-before-after.txt', run.out);
  });

  it('prints Markdown for a pull request with --markdown (golden)', async () => {
    const run = await cnai(['diff', BEFORE, AFTER, '--markdown']);
    expect(run.code).toBe(0);
    expectGolden('diff-before-after.md', run.out);
    expect(run.out).toContain('**Summary:**');
    expect(run.out).toContain('### Nodes to drain (3)');
    expect(run.out).toContain('| hourly | $199.64 | $104.84 | **-$94.80** (-47.5%) |');
  });

  it('prints the reverse change with the opposite signs (golden)', async () => {
    const run = await cnai(['diff', AFTER, BEFORE]);
    expectGolden('diff-after-before.txt', run.out);
    expect(run.out).toContain('hourly: $104.84 -> $199.64 (+$94.80, +90.4%)');
  });

  it('says "no changes" and exits 0 for the same plan', async () => {
    expect(await cnai(['diff', BEFORE, BEFORE])).toEqual({
      code: 0,
      out: 'Plan diff: acme-ml (eks us-east-1) -> acme-ml (eks us-east-1)\nno changes\n',
      err: '',
    });
    const md = await cnai(['diff', BEFORE, BEFORE, '--markdown']);
    expect(md.out).toBe('## Plan diff: `acme-ml`\n\n**Summary:** no changes\n');
  });

  it('plans platform files (YAML or JSON) before comparing them', async () => {
    const seen: PlatformSpec[] = [];
    const read = (f: string): Plan => {
      const checked = checkPlan(JSON.parse(fs.readFileSync(f, 'utf8')));
      if ('issues' in checked) throw new Error(`${f} is not a plan`);
      return checked.plan;
    };
    const before = read(BEFORE);
    const after = read(AFTER);
    const fake = (spec: PlatformSpec): Plan => {
      seen.push(spec);
      return spec.spec.workloads[0]!.replicas === 1 ? before : after;
    };
    const a = file('a.yaml', stringify(platform(1)));
    const b = file('b.json', JSON.stringify(platform(3)));
    const run = await cnai(['diff', a, b], { plan: fake });
    expect(seen.map((s) => s.spec.workloads[0]!.replicas)).toEqual([1, 3]);
    expect(run.out).toBe((await cnai(['diff', BEFORE, AFTER])).out);
  });

  it('compares two platform files using the real planner', async () => {
    const a = file('one.yaml', stringify(platform(1)));
    const b = file('three.yaml', stringify(platform(3)));
    const run = await cnai(['diff', a, b]);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain('~ chat (team product): replicas 1 -> 3');
  });

  it('reads the plans cnai plan --json writes today, and an older plan without namespace quotas', async () => {
    const one = plan(parsePlatform(stringify(platform(1)), 'one.yaml'));
    const three = plan(parsePlatform(stringify(platform(3)), 'three.yaml'));
    const a = file('one.json', stableJson(one));
    const b = file('three.json', stableJson(three));
    const run = await cnai(['diff', a, b]);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain('~ chat (team product): replicas 1 -> 3');
    // the same plan, written before namespace quotas were in the contract: derived on reading, so no change shows
    const { namespaceQuotas, ...older } = one.quotas;
    expect(namespaceQuotas.length).toBe(2);
    const old = file('one-older.json', stableJson({ ...one, quotas: older }));
    expect((await cnai(['diff', old, a])).out).toBe('Plan diff: acme-ml (eks us-east-1) -> acme-ml (eks us-east-1)\nno changes\n');
  });

  it('prints the diff as JSON with --json: the same data, sorted keys', async () => {
    const run = await cnai(['diff', BEFORE, AFTER, '--json']);
    expect(run.code).toBe(0);
    const d = JSON.parse(run.out) as Record<string, unknown> & { namespaceQuotas: unknown[]; decisions: unknown[]; hasChanges: boolean };
    expect(Object.keys(d)).toEqual(Object.keys(d).sort());
    expect(d.hasChanges).toBe(true);
    expect(d.namespaceQuotas).toContainEqual({ team: 'product', resource: 'requests.nvidia.com/gpu', before: 1, after: 4 });
    // v1alpha1 plans have prose decisions: nothing to compare
    expect(d.decisions).toEqual([]);
  });

  it('exits 1 naming a current plan whose decisions are not typed records', async () => {
    const p = plan(parsePlatform(stringify(platform(1)), 'one.yaml'));
    const broken = file('broken.json', stableJson({ ...p, decisions: [{ nodePool: 'system', reason: 'cheapest' }] }));
    const run = await cnai(['diff', broken, broken]);
    expect(run.code).toBe(1);
    expect(run.err).toContain(`  - decisions[0].chosen: ${broken}: missing`);
  });

  it('exits 1 listing every problem of an invalid platform file', async () => {
    const bad = file('bad.yaml', stringify({ ...platform(1), metadata: { name: 'Acme' }, extra: true }));
    const run = await cnai(['diff', bad, AFTER], { plan: () => JSON.parse(fs.readFileSync(AFTER, 'utf8')) as Plan });
    expect(run.code).toBe(1);
    expect(run.out).toBe('');
    expect(run.err).toContain('cnai: 2 problems in the platform file:');
    expect(run.err).toContain('  - extra: unknown key "extra"');
    expect(run.err).toContain('  - metadata.name: "Acme" must be a DNS-1123 label');
  });

  it('exits 1 for a file that is neither a platform file nor a plan', async () => {
    const cm = path.resolve(__dirname, '../fixtures/invalid/not-a-platform.yaml');
    const run = await cnai(['diff', cm, AFTER]);
    expect(run.code).toBe(1);
    expect(run.err).toContain(
      `(file): ${cm} is neither a platform file (kind: Platform) nor a plan (apiVersion: cnai.dev/v1alpha4 with nodePools); fix: pass a platform file or the output of cnai plan FILE --json`,
    );
  });

  it('exits 1 naming the missing fields of a truncated plan', async () => {
    const cut = file('cut.json', JSON.stringify({ apiVersion: 'cnai.dev/v1alpha1', platform: 'acme-ml', nodePools: [] }));
    const run = await cnai(['diff', cut, AFTER]);
    expect(run.code).toBe(1);
    expect(run.err).toContain(`  - cost: ${cut}: missing (at ${cut}:1:1); fix: pass the unmodified output of cnai plan FILE --json`);
    expect(run.err).toContain(`  - workloads: ${cut}: missing (at ${cut}:1:1)`);
  });

  it('prints the Settings section only when a setting changed', async () => {
    const p = JSON.parse(fs.readFileSync(AFTER, 'utf8')) as PlanData & { kubernetesVersion: string };
    const same = file('same-settings.json', JSON.stringify({ ...JSON.parse(fs.readFileSync(BEFORE, 'utf8')), kubernetesVersion: p.kubernetesVersion }));
    expect((await cnai(['diff', BEFORE, AFTER, '--markdown'])).out).toContain('### Settings');
    const run = await cnai(['diff', same, AFTER, '--markdown']);
    expect(run.code).toBe(0);
    expect(run.out).not.toContain('### Settings');
  });

  // every field diffPlans reads is checked against the plan contract, with its range
  it.each([
    ['a pool without its sharing block', (p: PlanData) => delete p.nodePools[0].sharing, 'nodePools\\[0\\]\\.sharing: .*: missing'],
    ['a cost beyond any real fleet', (p: PlanData) => (p.cost.hourly = 1e308), 'cost.hourly: .*: Too big: expected number to be <=1000000000, got 1e\\+308'],
    ['a node count that is not a number', (p: PlanData) => (p.nodePools[0].nodes = 'three'), 'nodePools\\[0\\]\\.nodes: .*got "three" \\(at .*:\\d+:\\d+\\)'],
  ])('exits 1 with the path for %s, never a crash', async (_name, mutate, message) => {
    const p = JSON.parse(fs.readFileSync(BEFORE, 'utf8')) as PlanData;
    mutate(p);
    const bad = file('bad.json', JSON.stringify(p, null, 2));
    const run = await cnai(['diff', bad, AFTER]);
    expect(run.code).toBe(1);
    // the file is a plan, and the message says so
    expect(run.err).toMatch(/^cnai: 1 problem in the plan '.*bad\.json':\n/);
    expect(run.err).toMatch(new RegExp(message));
    expect(run.err).not.toMatch(/internal error|TypeError|Infinity/);
  });

  it('reports a YAML syntax error in a platform file with its line', async () => {
    const broken = path.resolve(__dirname, '../fixtures/invalid/syntax-error.yaml');
    const run = await cnai(['diff', broken, AFTER]);
    expect(run.code).toBe(1);
    expect(run.err).toContain('YAML syntax error at line 7, column 3');
  });

  it('exits 2 when NEW is missing', async () => {
    expect((await cnai(['diff', BEFORE])).code).toBe(2);
  });
});

describe('plans of earlier versions', () => {
  it('reads a cnai.dev/v1alpha2 plan, which lacks the fields v1alpha3 added, and derives its namespace quotas', () => {
    // docs/upgrading.md: v1alpha2 plans stay readable by cnai diff and cnai plan --previous
    const current = plan(parsePlatform(fs.readFileSync(path.resolve(__dirname, '../../examples/reference/platform.yaml'), 'utf8'), 'platform.yaml'));
    const older = JSON.parse(stableJson(current)) as Record<string, unknown> & { quotas: Record<string, unknown>; cost: Record<string, unknown> };
    older.apiVersion = 'cnai.dev/v1alpha2';
    delete older.search;
    delete older.quotas.namespaceQuotas;
    delete older.cost.method;
    delete older.cost.boundAssumes;
    const checked = checkPlan(older);
    expect('plan' in checked).toBe(true);
    if (!('plan' in checked)) return;
    expect(checked.plan.quotas.namespaceQuotas).toEqual(current.quotas.namespaceQuotas);
  });

  it('reads a cnai.dev/v1alpha3 plan, which lacks the optional fields v1alpha4 added, as the same plan', () => {
    // docs/upgrading.md "v1alpha3 → v1alpha4": v1alpha3 plans stay readable by cnai diff and cnai plan --previous
    // the reference plan as the CLI writes it (with the solver), which has an optimiser pool with a basePool
    const current = JSON.parse(fs.readFileSync(path.resolve(__dirname, 'golden/plan-reference.json'), 'utf8')) as Plan;
    expect(current.nodePools.some((p) => p.basePool !== undefined)).toBe(true);
    const older = JSON.parse(stableJson(current)) as Record<string, unknown> & {
      nodePools: Record<string, unknown>[];
      cost: { method: Record<string, unknown> };
    };
    older.apiVersion = 'cnai.dev/v1alpha3';
    for (const pool of older.nodePools) delete pool.basePool;
    delete older.cost.method.scope;
    const checked = checkPlan(older);
    expect('plan' in checked).toBe(true);
    if (!('plan' in checked)) return;
    expect(checked.plan.nodePools.map((p) => p.name)).toEqual(current.nodePools.map((p) => p.name));
    expect(checked.plan.cost.hourly).toBe(current.cost.hourly);
  });
});
