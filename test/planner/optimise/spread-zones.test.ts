/**
 * The optimiser's zone rule: a zone-spread pod of a zone needs a node there, so a node kind of a
 * type the zone does not sell never holds it.
 */
import { zoneOfferings } from '../../../planner/catalogue/zone-offerings';
import { plannerDemand } from '../../../planner/optimise/planner-demand';
import { eligible, fitsNode, nodeKinds, podClasses } from '../../../planner/optimise/nodes';
import { chosenAndPooled } from '../../helpers/planner-builders';
import { inference } from '../../helpers/platform-builders';

// SkyPilot catalog v8 aws/vms.csv@00148f2a (planner/catalogue/zone-offerings.ts): g6 (L4) is sold in
// use1-az1 and use1-az4, not use1-az3.
describe('zone-spread pods on the optimiser’s node kinds', () => {
  const zones = ['use1-az1', 'use1-az3', 'use1-az4'];
  // two replicas over three zones: one in use1-az1, one in use1-az3, as the optimiser splits them
  const { planned, ctx } = chosenAndPooled({
    target: { provider: 'eks', region: 'us-east-1', zones },
    policy: { allowedGpus: ['L4'], gpuSharing: 'exclusive' },
    workloads: [inference('chat', 'product', 'llama-3.1-8b', { replicas: 2, zoneSpread: true })],
  });
  const d = plannerDemand(planned, ctx).demand;
  const classes = podClasses(d);
  const kinds = nodeKinds(ctx, d, classes).filter((k) => k.type.gpuModel === 'L4');
  const spread = classes.filter((c) => c.option.gpuModel === 'L4' && c.zone >= 0);

  it('knows which of the target zones sell each kind’s type', () => {
    expect(kinds.length).toBeGreaterThan(0);
    for (const k of kinds) {
      expect(zoneOfferings('eks', 'us-east-1')[k.type.name]).not.toContain('use1-az3');
      expect(k.zones).toEqual([0, 2]);
    }
  });

  it('never puts a spread pod of a zone on a kind whose type that zone does not sell', () => {
    const inAz3 = spread.filter((c) => d.zones[c.zone] === 'use1-az3');
    const inAz1 = spread.filter((c) => d.zones[c.zone] === 'use1-az1');
    expect(inAz3.length).toBeGreaterThan(0);
    expect(inAz1.length).toBeGreaterThan(0);
    for (const k of kinds) {
      for (const c of inAz3) {
        expect(`${k.id} ${c.option.key} ${eligible(k, c)}`).toBe(`${k.id} ${c.option.key} false`);
        expect(fitsNode(k, classes, new Map([[c.row, 1]]))).toBe(false);
      }
    }
    // the same pods in a zone that sells the type fit wherever they fit alone
    expect(inAz1.some((c) => kinds.some((k) => eligible(k, c) && fitsNode(k, classes, new Map([[c.row, 1]]))))).toBe(true);
  });
});
