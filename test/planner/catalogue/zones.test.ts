/**
 * Zones per instance type: the planner places a pool only in target zones that sell its type,
 * finds another type when a zone-spread workload needs more zones than one type is sold in, and
 * says where a plan rests on zones it could not check.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REGIONS, instanceTypes, region, zoneOfferings, zonesSelling } from '../../../planner/catalogue';
import type { MipSolver } from '../../../planner/optimise/linear-program';
import { parsePlatform } from '../../../planner/spec/parse';
import type { PlatformSpec } from '../../../planner/spec/schema';
import { loadHighsSolver } from '../../../solver/highs';
import { optionsOf, type StageSetting } from '../../helpers/planner-builders';
import { InfeasibleError } from '../../../planner/errors';
import { plan } from '../../../planner/plan';
import { describeWarning } from '../../../report';
import { inference, platform, training } from '../../helpers/platform-builders';

const usEast1 = region('eks', 'us-east-1');

describe('zone offerings', () => {
  it('key AWS zones by zone ID and GCP zones by name, each a zone of its region', () => {
    for (const r of REGIONS) {
      const zones = r.zoneIds ?? r.zones;
      for (const [type, sold] of Object.entries(zoneOfferings(r.provider, r.name))) {
        expect(instanceTypes(r.provider).some((t) => t.name === type)).toBe(true);
        for (const z of sold) expect(`${r.name} ${type} ${z} ${zones.includes(z)}`).toBe(`${r.name} ${type} ${z} true`);
      }
    }
  });

  it('have zone data for every instance type of the catalogue in each region', () => {
    for (const r of REGIONS) {
      const table = zoneOfferings(r.provider, r.name);
      expect(
        instanceTypes(r.provider)
          .filter((t) => !(t.name in table))
          .map((t) => `${r.name} ${t.name}`),
      ).toEqual([]);
    }
  });

  // SkyPilot catalog v8 aws/vms.csv@00148f2a: p5en.48xlarge rows in us-east-1 are use1-az2 and use1-az6 only.
  it('knows which target zones sell a type, and when it cannot tell', () => {
    expect(zonesSelling(usEast1, 'p5en.48xlarge', ['use1-az1', 'use1-az2'])).toEqual({ zones: ['use1-az2'], basis: 'known' });
    // c3-standard-176 is not in the catalogue, so no rows of it were read and it carries no zone data
    const usCentral1 = region('gke', 'us-central1');
    expect(zonesSelling(usCentral1, 'c3-standard-176', ['us-central1-a', 'us-central1-b'])).toEqual({
      zones: ['us-central1-a', 'us-central1-b'],
      basis: 'no-data',
    });
    expect(zonesSelling(usEast1, 'p5en.48xlarge', ['us-east-1a', 'us-east-1b'])).toEqual({ zones: ['us-east-1a', 'us-east-1b'], basis: 'zone-names' });
    // aws/vms.csv@00148f2a has no eu-west-1 row for g6.xlarge
    expect(zonesSelling(region('eks', 'eu-west-1'), 'g6.xlarge', ['euw1-az1', 'euw1-az2'])).toEqual({ zones: [], basis: 'known' });
    // gcp/vms.csv@006059e0: c3-standard-4 rows in us-central1 are zones a, b, c and f
    expect(zonesSelling(usCentral1, 'c3-standard-4', ['us-central1-a', 'us-central1-f'])).toEqual({
      zones: ['us-central1-a', 'us-central1-f'],
      basis: 'known',
    });
    // aws/vms.csv@00148f2a: g6e.xlarge and g6e.48xlarge rows in us-west-2 are usw2-az1 to usw2-az4
    const usWest2 = region('eks', 'us-west-2');
    for (const type of ['g6e.xlarge', 'g6e.48xlarge']) {
      expect(zonesSelling(usWest2, type, ['usw2-az1', 'usw2-az4'])).toEqual({ zones: ['usw2-az1', 'usw2-az4'], basis: 'known' });
    }
  });
});

// SkyPilot catalog v8 aws/vms.csv@00148f2a: m6i rows in us-east-1 are use1-az1, az2, az4, az5 and az6
// (and the Local Zone use1-atl2-az1), none in use1-az3. gcp/vms.csv@006059e0: e2-standard rows in
// us-central1 are zones a, b, c and f.
describe('zone offerings of CPU types', () => {
  it('knows which zones sell an AWS CPU type, by zone ID, without the Local Zone', () => {
    expect(zoneOfferings('eks', 'us-east-1')['m6i.xlarge']).toEqual(['use1-az1', 'use1-az2', 'use1-az4', 'use1-az5', 'use1-az6']);
    expect(zonesSelling(usEast1, 'm6i.xlarge', ['use1-az3', 'use1-az4'])).toEqual({ zones: ['use1-az4'], basis: 'known' });
  });

  it('never places an AWS CPU pool in a target zone that does not sell its type', () => {
    const p = plan(platform({ target: { provider: 'eks', region: 'us-east-1', zones: ['use1-az3', 'use1-az4'] }, workloads: [] }));
    const system = p.nodePools.find((n) => n.name === 'system')!;
    expect(system.zones).toEqual(['use1-az4']);
    expect(p.warnings.filter((w) => w.code === 'zones-unverified')).toEqual([]);
  });

  it('knows which zones sell a GCP CPU type and plans its pool there without a warning', () => {
    // Every us-central1 zone of the catalogue sells e2-standard; G2 (an L4 type) is not sold in us-central1-f.
    expect(zonesSelling(region('gke', 'us-central1'), 'e2-standard-4', ['us-central1-a', 'us-central1-f'])).toEqual({
      zones: ['us-central1-a', 'us-central1-f'],
      basis: 'known',
    });
    const p = plan(platform({ target: { provider: 'gke', region: 'us-central1', zones: ['us-central1-a', 'us-central1-f'] }, workloads: [] }));
    const system = p.nodePools.find((n) => n.name === 'system')!;
    expect(system.zones).toEqual(['us-central1-a', 'us-central1-f']);
    expect(p.warnings.filter((w) => w.code === 'zones-unverified')).toEqual([]);
  });
});

describe('planning with zones per instance type', () => {
  const h200 = (replicas: number, zoneSpread: boolean) =>
    inference('chat', 'product', 'llama-3.1-70b', { precision: 'bf16', replicas, zoneSpread, gpu: { count: 8, model: 'H200-141GB' } });

  it('places a pool only in the target zones that sell its instance type', () => {
    const p = plan(platform({ target: { provider: 'eks', region: 'us-east-1', zones: ['use1-az1', 'use1-az2'] }, workloads: [h200(2, false)] }));
    const pool = p.nodePools.find((n) => n.instanceType === 'p5en.48xlarge')!;
    expect(pool.zones).toEqual(['use1-az2']);
    expect(p.placements.filter((x) => x.nodePool === pool.name).map((x) => x.zone)).toEqual(['use1-az2', 'use1-az2']);
  });

  it('fails at the workload, naming the zones that sell each type, when no type it may use spreads it', () => {
    const spec = platform({ target: { provider: 'eks', region: 'us-east-1', zones: ['use1-az1', 'use1-az2'] }, workloads: [h200(2, true)] });
    expect(() => plan(spec)).toThrow(InfeasibleError);
    expect(() => plan(spec)).toThrow(
      /spec\.workloads\[0\]: workload 'chat' has no allowed GPU it can have .*H200-141GB: zone-spread over 2 zones, but no instance type with this GPU is sold in 2 of the target's zones \(use1-az1, use1-az2\): p5en\.48xlarge \(sold in use1-az2\).*Fix: list zones in spec\.target\.zones .*\(target: use1-az1, use1-az2\)/,
    );
  });

  it('spreads over two zones once both sell the type', () => {
    const p = plan(platform({ target: { provider: 'eks', region: 'us-east-1', zones: ['use1-az2', 'use1-az6'] }, workloads: [h200(2, true)] }));
    expect(p.placements.map((x) => x.zone).sort()).toEqual(['use1-az2', 'use1-az6']);
  });

  // SkyPilot catalog v8 gcp/vms.csv@006059e0: no A2 High row in us-east4, a2-ultragpu rows only in us-east4-c.
  it('leaves out a type no target zone sells and takes one that is sold there', () => {
    const job = training('tune', 'research', 'llama-3.1-8b', { gpus: 8, gpu: { model: 'A100-80GB' } });
    const p = plan(platform({ target: { provider: 'gke', region: 'us-east4', zones: ['us-east4-a', 'us-east4-c'] }, workloads: [job] }));
    const pool = p.nodePools.find((n) => n.gpuModel === 'A100-80GB')!;
    expect([pool.instanceType, pool.zones]).toEqual(['a2-ultragpu-8g', ['us-east4-c']]);
  });

  it('warns where AWS zones are given by name, and not once every pool type has zone data', () => {
    const byName = plan(platform({ target: { provider: 'eks', region: 'us-east-1', zones: ['us-east-1a', 'us-east-1b'] }, workloads: [h200(1, false)] }));
    const texts = byName.warnings.map(describeWarning);
    expect(texts).toEqual(
      expect.arrayContaining([expect.stringMatching(/zones are named, and AWS zone names map to different zones in each account.*p5en\.48xlarge/)]),
    );
    expect(texts).toEqual(expect.arrayContaining([expect.stringMatching(/pool system: .*zones are named.*m6i\.xlarge/)]));
    const byId = plan(platform({ target: { provider: 'eks', region: 'us-east-1', zones: ['use1-az2', 'use1-az6'] }, workloads: [h200(1, false)] }));
    expect(byId.warnings.filter((w) => w.code === 'zones-unverified')).toEqual([]);
  });
});

// SkyPilot catalog v8 aws/vms.csv@00148f2a: g6 (L4) and g6e (L40S) rows in us-east-1 have no use1-az3;
// p5 (H100) rows cover use1-az1 to use1-az6.
describe('a zone-spread workload whose cheapest GPU is sold in too few zones', () => {
  const reference = path.resolve(__dirname, '../../../examples/reference/platform.yaml');
  const inZones = (zones: string[]): PlatformSpec => {
    const spec = parsePlatform(fs.readFileSync(reference, 'utf8'), reference);
    return { ...spec, spec: { ...spec.spec, target: { ...spec.spec.target, zones } } };
  };
  const sold = zoneOfferings('eks', 'us-east-1');
  let solver: MipSolver;
  beforeAll(async () => {
    solver = await loadHighsSolver();
  });

  it('is not offered that GPU, and is told which zones sell its types', () => {
    const chat = inference('chat', 'product', 'llama-3.1-8b', { replicas: 2, zoneSpread: true });
    const setting: StageSetting = {
      target: { provider: 'eks', region: 'us-east-1', zones: ['use1-az3', 'use1-az4'] },
      policy: { allowedGpus: ['H100-80GB', 'L4'] },
    };
    const found = optionsOf(chat, setting);
    expect([...new Set(found.options.map((o) => o.gpuModel.id))]).toEqual(['H100-80GB']);
    const l4 = found.rejected.find((r) => r.gpuModel === 'L4')!;
    expect(l4.byZones).toBe(true);
    expect(l4.reason).toMatch(/^zone-spread over 2 zones, .*\(use1-az3, use1-az4\): g6\.12xlarge, .*, g6\.xlarge \(sold in use1-az4\)$/);
    // without the spread the same workload keeps its L4 option
    expect(optionsOf({ ...chat, zoneSpread: false }, setting).options.some((o) => o.gpuModel.id === 'L4')).toBe(true);
  });

  // aws/vms.csv@00148f2a: p4d.24xlarge (A100-40GB) rows in us-east-1 have no use1-az3
  it('checks a training job once its nodes are known: two nodes need two zones that sell the type', () => {
    const job = training('tune', 'research', 'llama-3.1-8b', { gpus: 16, zoneSpread: true });
    const on = (zones: string[]) =>
      optionsOf(job, { target: { provider: 'eks', region: 'us-east-1', zones }, policy: { allowedGpus: ['A100-40GB', 'H100-80GB'] } });
    const narrow = on(['use1-az1', 'use1-az3']);
    expect(narrow.options.map((o) => `${o.gpuModel.id} ${o.replicas}`)).toEqual(['H100-80GB 2']);
    expect(narrow.rejected).toEqual([
      {
        gpuModel: 'A100-40GB',
        reason: expect.stringMatching(/2 nodes × 8.*: zone-spread over 2 zones, .*: p4d\.24xlarge \(sold in use1-az1\)$/),
        byZones: true,
      },
    ]);
    // where both zones sell p4d the A100 option, cheaper, is back
    expect(on(['use1-az1', 'use1-az2']).options.map((o) => o.gpuModel.id)).toEqual(['H100-80GB', 'A100-40GB']);
  });

  it('plans the reference platform on a GPU sold in both zones, heuristic and optimiser alike', () => {
    for (const p of [plan(inZones(['use1-az3', 'use1-az4'])), plan(inZones(['use1-az3', 'use1-az4']), { solver })]) {
      const chat = p.placements.filter((x) => x.workload === 'chat');
      expect(chat.map((x) => x.zone).sort()).toEqual(['use1-az3', 'use1-az4']);
      expect(new Set(chat.map((x) => p.nodePools.find((n) => n.name === x.nodePool)!.gpuModel))).toEqual(new Set(['H100-80GB']));
      // nothing is bought in a zone that does not sell it
      for (const n of p.nodePools)
        expect({ pool: n.name, unsold: n.zones.filter((z) => !sold[n.instanceType]!.includes(z)) }).toEqual({ pool: n.name, unsold: [] });
    }
  });

  it('keeps the cheapest option where its types are sold in every target zone', () => {
    const p = plan(inZones(['use1-az1', 'use1-az2']));
    const chatPool = p.nodePools.find((n) => n.name === p.placements.find((x) => x.workload === 'chat')!.nodePool)!;
    expect(chatPool.gpuModel).toBe('L4');
  });
});
