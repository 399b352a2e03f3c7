/**
 * Every example and the reference platform through `cnai verify`: each verifies clean, with every
 * workload admitted, every pod placed, every rollout able to progress and every claim bound.
 */
import { verifyPlan } from '../../verify/verify';
import { stackRenderOptions } from '../../verify/stack-config';
import { example } from './helpers';

const EXAMPLES = ['reference', 'eks-fleet', 'gke-fleet', 'kind-laptop'] as const;

describe.each(EXAMPLES)('examples/%s', (name) => {
  const { plan, objects } = example(name);
  const report = verifyPlan(plan);

  it('verifies clean: every workload admitted and scheduled, no rollout blocked, no claim unbound', () => {
    const failing = report.workloads.filter((w) => w.reason !== '').map((w) => `${w.workload}: ${w.reason}`);
    expect(failing).toEqual([]);
    const s = report.summary;
    expect(s.admittedAndScheduled).toBe(s.workloads);
    expect([s.podsPending, s.rolloutsBlocked, s.claimsUnbound]).toEqual([0, 0, 0]);
    expect(report.ok).toBe(true);
    expect(objects.length).toBeGreaterThan(0);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(verifyPlan(plan))).toBe(JSON.stringify(report));
  });
});

describe('stack target', () => {
  it('on EKS the stack renders MLflow with its cloud database, so no Postgres claim is verified', () => {
    const { plan } = example('eks-fleet');
    const report = verifyPlan(plan, { render: stackRenderOptions(plan) });
    expect(report.workloads.map((w) => w.workload)).not.toContain('mlflow/mlflow-postgres');
    expect(report.summary.claimsUnbound).toBe(0);
    expect(report.ok).toBe(true);
  });
});
