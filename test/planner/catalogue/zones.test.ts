/**
 * Zones per instance type: the planner places a pool only in target zones that sell its type,
 * finds another type when a zone-spread workload needs more zones than one type is sold in, and
 * says where a plan rests on zones it could not check.
 */
import { REGIONS, instanceTypes, region, zoneOfferings, zonesSelling } from '../../../planner/catalogue';
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

  it('fails with the zones named when a zone-spread workload needs more zones than its only type is sold in', () => {
    const spec = platform({ target: { provider: 'eks', region: 'us-east-1', zones: ['use1-az1', 'use1-az2'] }, workloads: [h200(2, true)] });
    expect(() => plan(spec)).toThrow(InfeasibleError);
    expect(() => plan(spec)).toThrow(
      /p5en\.48xlarge \(sold in use1-az2\): chat: spreads over 2 zones, the type is sold in 1 of the target's.*target: use1-az1, use1-az2/,
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
