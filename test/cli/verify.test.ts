/**
 * `cnai verify FILE [--target plan|stack STACK] [--json]` and the check at the end of `cnai synth`.
 */
import * as path from 'node:path';
import { Command } from 'commander';
import { stringify } from 'yaml';
import { registerVerify } from '../../cli/commands/verify';
import { plan } from '../../planner/plan';
import type { Plan } from '../../planner/plan-types';
import type { PlatformSpec } from '../../planner/spec/schema';
import { fakeIo, runCnai, type FakeIo } from '../helpers/fake-io';
import { batch, KIND, platform } from '../helpers/platform-builders';

const REFERENCE = path.resolve(__dirname, '../../examples/reference/platform.yaml');
/** A kind platform whose every object runs: a batch job and MLflow with its in-cluster database. */
const CLEAN = stringify(platform({ name: 'clean', target: KIND, workloads: [batch('etl', 'dev', { resources: { cpu: 1, memory: '2Gi' } })] }));

/** The planner's plan with one node fewer in `pool`: the quota still promises the capacity the nodes no longer have. */
function withoutOneNode(pool: string): (spec: PlatformSpec) => Plan {
  return (spec) => {
    const p = plan(spec);
    return { ...p, nodePools: p.nodePools.map((n) => (n.name === pool ? { ...n, nodes: n.nodes - 1 } : n)) };
  };
}

/** Runs `cnai verify` alone with another plan function. */
async function verifyWith(args: readonly string[], planOf: (spec: PlatformSpec) => Plan, io: FakeIo = fakeIo()): Promise<{ code: number; stdout: string }> {
  const program = new Command('cnai').exitOverride();
  let code = 0;
  registerVerify(program, io, (c) => (code = c), { plan: planOf });
  await program.parseAsync([...args], { from: 'user' });
  return { code, stdout: io.stdout };
}

describe('cnai verify', () => {
  it('prints a row per workload and the summary line, and exits 0 when the reference runs', async () => {
    const run = await runCnai(['verify', REFERENCE]);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('acme-ml on eks: 14 nodes');
    expect(lines[1]).toMatch(/^WORKLOAD +KIND +ADMITTED +FLAVOR +PODS +ROLLOUT +REASON$/);
    expect(lines.find((l) => l.startsWith('team-research/etl '))).toMatch(/ Job +yes +gpu-l4-whole-g6-2xlarge +1\/1 +- +-$/);
    expect(lines.at(-1)).toBe('verify: 8/8 workloads admitted and scheduled, 0 pods pending, 0 rollouts blocked, 0 claims unbound');
    expect(run.code).toBe(0);
  });

  it('names the pods the scheduler would leave Pending and exits 1 when the nodes are fewer than the quota promises', async () => {
    const run = await verifyWith(['verify', REFERENCE], withoutOneNode('gpu-l4-whole'));
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('acme-ml on eks: 10 nodes');
    expect(lines.find((l) => l.startsWith('team-product/embed-small '))).toMatch(
      / 0\/2 +ok +pod of predictor: 0\/10 nodes are available: 2 Insufficient nvidia\.com\/gpu, 8 node\(s\) didn't match Pod's node affinity\/selector\.$/,
    );
    expect(lines.at(-1)).toBe('verify: 6/8 workloads admitted and scheduled, 4 pods pending, 0 rollouts blocked, 0 claims unbound');
    expect(run.code).toBe(1);
  });

  it('exits 0 when everything is admitted, scheduled, can roll out and has storage', async () => {
    const run = await runCnai(['verify', 'clean.yaml'], fakeIo({ files: { 'clean.yaml': CLEAN } }));
    expect(run.stderr).toBe('');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('verify: 3/3 workloads admitted and scheduled, 0 pods pending, 0 rollouts blocked, 0 claims unbound');
    expect(run.code).toBe(0);
  });

  it('--json prints the report with sorted keys for CI', async () => {
    const run = await runCnai(['verify', REFERENCE, '--json']);
    const report = JSON.parse(run.stdout) as { ok: boolean; summary: Record<string, number>; workloads: { workload: string; admitted: string }[] };
    expect(report.ok).toBe(true);
    expect(report.summary).toEqual({ admittedAndScheduled: 8, claimsUnbound: 0, podsPending: 0, rolloutsBlocked: 0, workloads: 8 });
    expect(report.workloads.find((w) => w.workload === 'team-research/etl')!.admitted).toBe('yes');
    expect(Object.keys(report)).toEqual([...Object.keys(report)].sort());
    expect(run.code).toBe(0);
  });

  it('--target stack STACK reads the platform file from Pulumi.STACK.yaml and renders with the stack settings', async () => {
    const io = fakeIo({ files: { 'Pulumi.ci.yaml': 'config:\n  cnai:platform: clean.yaml\n', 'clean.yaml': CLEAN } });
    const run = await runCnai(['verify', '--target', 'stack', 'ci'], io);
    expect(run.stdout).toMatch(/^clean on kind: 2 nodes$/m);
    expect(run.code).toBe(0);
  });

  it('a stack file without cnai:platform is an error naming the file and the key', async () => {
    const run = await runCnai(['verify', '--target', 'stack', 'ci'], fakeIo({ files: { 'Pulumi.ci.yaml': 'config:\n  aws:region: us-east-1\n' } }));
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('cnai: Pulumi.ci.yaml: config.cnai:platform is missing; fix: pulumi config set cnai:platform <path to platform.yaml> --stack ci\n');
  });

  it('a missing stack file is reported like any unreadable file', async () => {
    const run = await runCnai(['verify', '--target', 'stack', 'nope'], fakeIo({ readDisk: false }));
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("cnai: cannot read 'Pulumi.nope.yaml': no such file or directory\n");
  });

  it('usage errors: an unknown target, a stack without a name, no file at all', async () => {
    for (const args of [['verify', REFERENCE, '--target', 'cluster'], ['verify', '--target', 'stack'], ['verify']]) {
      const run = await runCnai(args);
      expect(run.code).toBe(2);
    }
    expect((await runCnai(['verify', REFERENCE, '--target', 'cluster'])).stderr).toBe("cnai: --target must be 'plan' or 'stack STACK', got 'cluster'\n");
  });
});

describe('cnai synth verifies what it wrote', () => {
  it('exits 0 with the summary line when everything runs', async () => {
    const io = fakeIo({ files: { 'clean.yaml': CLEAN } });
    const run = await runCnai(['synth', 'clean.yaml', '--out', 'out'], io);
    expect(run.stdout).toMatch(/^verify: 3\/3 workloads admitted and scheduled, 0 pods pending, 0 rollouts blocked, 0 claims unbound$/m);
    expect(run.code).toBe(0);
    expect(io.written.get('out')).toBeDefined();
  });

  it('the reference is written and verifies clean', async () => {
    const io = fakeIo();
    const run = await runCnai(['synth', REFERENCE, '--out', 'out'], io);
    expect(io.written.get('out')).toBeDefined();
    expect(run.stdout).toMatch(/^verify: 8\/8 workloads admitted and scheduled, 0 pods pending, 0 rollouts blocked, 0 claims unbound$/m);
    expect(run.code).toBe(0);
  });
});
