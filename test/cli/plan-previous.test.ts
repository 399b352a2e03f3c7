/**
 * `cnai plan FILE --previous PLAN.json [--tolerance PCT]` and `cnai diff --json`: keeping the
 * deployed plan, the record of what was kept, and the messages for a bad previous plan.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Plan } from '../../planner/plan-types';
import type { PlanDiff } from '../../planner/diff';
import { fakeIo, runCnai } from '../helpers/fake-io';

const REFERENCE = path.resolve(__dirname, '../../examples/reference/platform.yaml');
const reference = fs.readFileSync(REFERENCE, 'utf8');
/** The reference file with one more serving workload that no existing workload depends on. */
const plusOne = `${reference}    - name: summarize
      team: product
      type: inference
      model: llama-3.1-8b
      precision: bf16
      maxContextTokens: 4096
      concurrency: 16
      replicas: 1
`;

/** The reference file without its last workload, `etl`. */
const withoutEtl = reference.slice(0, reference.indexOf('    - name: etl'));
/** The reference file with chat at 3 replicas and concurrency 64. */
const chat3 = reference.replace('concurrency: 32', 'concurrency: 64').replace('replicas: 2\n      zoneSpread: true', 'replicas: 3\n      zoneSpread: true');

async function diffJson(older: string, newer: string): Promise<PlanDiff> {
  const run = await runCnai(['diff', 'prev.json', 'new.json', '--json'], fakeIo({ files: { 'prev.json': older, 'new.json': newer } }));
  return JSON.parse(run.stdout) as PlanDiff;
}

async function planJson(args: readonly string[], files: Record<string, string>): Promise<{ code: number; plan?: Plan; stderr: string; stdout: string }> {
  const run = await runCnai(['plan', ...args], fakeIo({ files }));
  return {
    code: run.code,
    stderr: run.stderr,
    stdout: run.stdout,
    ...(run.code === 0 && args.includes('--json') ? { plan: JSON.parse(run.stdout) as Plan } : {}),
  };
}

describe('cnai plan --previous', () => {
  let previous: string;
  beforeAll(async () => {
    previous = (await planJson(['ref.yaml', '--json'], { 'ref.yaml': reference })).stdout;
  });

  it('changes nothing when given its own plan: the same bytes', async () => {
    const again = await planJson(['ref.yaml', '--json', '--previous', 'prev.json'], { 'ref.yaml': reference, 'prev.json': previous });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(previous);
  });

  it('keeps every node when an unrelated workload is added, within the default tolerance, and says what keeping costs', async () => {
    const fresh = await planJson(['plus.yaml', '--json'], { 'plus.yaml': plusOne });
    const kept = await planJson(['plus.yaml', '--json', '--previous', 'prev.json'], { 'plus.yaml': plusOne, 'prev.json': previous });
    // without --previous the replan moves existing replicas and drains nodes
    expect((await diffJson(previous, fresh.stdout)).drains.length).toBeGreaterThan(0);
    const d = await diffJson(previous, kept.stdout);
    expect(d.drains).toEqual([]);
    expect(d.workloads.moved).toEqual([]);
    expect(kept.plan!.stability).toMatchObject({
      outcome: 'kept-previous',
      tolerancePercent: 5,
      freshHourly: fresh.plan!.cost.hourly,
      keepingHourly: kept.plan!.cost.hourly,
    });
    // the newcomer fills room on kept nodes or opens its own pool: no kept pool grows for it
    expect(kept.plan!.stability!.keepingHourly).toBeLessThanOrEqual(fresh.plan!.cost.hourly * 1.05 + 1e-6);
    expect(kept.plan!.stability!.avoidedDrains).toBeGreaterThan(0);
  });

  it('replans when keeping costs more than --tolerance over the fresh plan, and keeps within it', async () => {
    // etl leaves the file: keeping holds its emptied node, which sits between nodes that stay
    const files = { 'less.yaml': withoutEtl, 'prev.json': previous };
    const none = await planJson(['less.yaml', '--json', '--previous', 'prev.json', '--tolerance', '0'], files);
    const fresh = await planJson(['less.yaml', '--json'], files);
    expect(none.plan!.stability).toMatchObject({ outcome: 'replanned', tolerancePercent: 0 });
    expect(none.plan!.stability!.overFreshPercent).toBeGreaterThan(0);
    expect(none.plan!.cost.hourly).toBe(fresh.plan!.cost.hourly);
    expect(none.plan!.nodePools).toEqual(fresh.plan!.nodePools);
    const within = await planJson(['less.yaml', '--json', '--previous', 'prev.json'], files);
    expect(within.plan!.stability).toMatchObject({ outcome: 'kept-previous', overFreshPercent: none.plan!.stability!.overFreshPercent });
    expect((await diffJson(previous, within.stdout)).drains).toEqual([]);
  });

  it("moves only chat when chat grows to 3 replicas at concurrency 64, at the fresh plan's cost, and says why its nodes drain", async () => {
    const files = { 'chat3.yaml': chat3, 'prev.json': previous };
    const fresh = await planJson(['chat3.yaml', '--json'], files);
    const kept = await planJson(['chat3.yaml', '--json', '--previous', 'prev.json'], files);
    expect(kept.plan!.cost.hourly).toBeLessThanOrEqual(fresh.plan!.cost.hourly * 1.05 + 1e-6);
    const d = await diffJson(previous, kept.stdout);
    const before = JSON.parse(previous) as Plan;
    const chatPool = before.workloads.find((w) => w.name === 'chat')!.nodePool;
    // chat's 4-GPU replicas outgrow an L4 at concurrency 64: only the nodes it ran on drain
    expect(d.drains.map((x) => [x.pool, x.nodes.length])).toEqual([[chatPool, before.nodePools.find((p) => p.name === chatPool)!.nodes]]);
    expect(d.drains[0]!.evicted.every((e) => e.workload === 'chat')).toBe(true);
    const cause = d.drains[0]!.causes;
    expect(cause.map((c) => [c.kind, c.workload])).toEqual([['option', 'chat']]);
    expect(String(cause[0]!.before)).toMatch(/^gpu-l4-whole: 4 GPU × \d+\.\d GiB/);
    expect(String(cause[0]!.after)).toMatch(/^gpu-l40s-whole\S*: 4 GPU × \d+\.\d GiB/);
    expect(d.workloads.moved.map((m) => m.name)).toEqual(['chat']);
    // whichever plan it is, the fresh one drains no fewer nodes
    const freshDrained = (await diffJson(previous, fresh.stdout)).drains.flatMap((x) => x.nodes).length;
    expect(freshDrained).toBeGreaterThanOrEqual(d.drains[0]!.nodes.length);
    expect(kept.plan!.stability!.avoidedDrains).toBe(freshDrained - d.drains[0]!.nodes.length);
  });

  it('rejects a previous file that is not a plan, with its name and the fix', async () => {
    const run = await planJson(['ref.yaml', '--previous', 'ref2.yaml'], { 'ref.yaml': reference, 'ref2.yaml': reference });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--previous ref2.yaml is not a plan (apiVersion: cnai.dev/v1alpha4 with nodePools)');
    expect(run.stderr).toContain('pass the output of cnai plan FILE --json');
  });

  it('rejects an edited previous plan with the path and line of the bad value', async () => {
    const data = JSON.parse(previous) as { nodePools: { hourlyCost: number }[] };
    data.nodePools[1]!.hourlyCost = -1;
    const edited = JSON.stringify(data, null, 2);
    const run = await planJson(['ref.yaml', '--previous', 'prev.json'], { 'ref.yaml': reference, 'prev.json': edited });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/nodePools\[1\]\.hourlyCost: prev\.json: .*got -1 \(at prev\.json:\d+:\d+\)/);
  });

  it('refuses --tolerance without --previous, and a tolerance that is not a percentage', async () => {
    const alone = await planJson(['ref.yaml', '--tolerance', '5'], { 'ref.yaml': reference });
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--tolerance needs --previous PLAN.json');
    const bad = await planJson(['ref.yaml', '--previous', 'prev.json', '--tolerance', 'ten'], { 'ref.yaml': reference, 'prev.json': previous });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--tolerance must be a percentage from 0 to 1000, got 'ten'");
  });
});

describe('cnai diff --json', () => {
  it('prints the diff with each drain and its causes, keys sorted', async () => {
    const run = await runCnai(['diff', 'a.yaml', 'b.yaml', '--json'], fakeIo({ files: { 'a.yaml': reference, 'b.yaml': chat3 } }));
    expect(run.code).toBe(0);
    const d = JSON.parse(run.stdout) as PlanDiff;
    // chat's third replica moves it to a pool of another shape: its drains name that option change
    const chat = d.drains.flatMap((x) => x.causes).filter((c) => c.workload === 'chat');
    expect(chat.map((c) => c.kind)).toContain('option');
    expect(Object.keys(d)).toEqual(Object.keys(d).sort());
  });

  it('refuses --json with --markdown', async () => {
    const run = await runCnai(['diff', 'a.yaml', 'a.yaml', '--json', '--markdown'], fakeIo({ files: { 'a.yaml': reference } }));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('choose one of --json and --markdown');
  });
});
