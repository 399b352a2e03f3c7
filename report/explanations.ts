/**
 * Decisions and warnings in words. The plan carries them as typed records; this is the one place
 * they become sentences (terminal, Markdown, pull-request comments).
 */
import { describeFitFailure } from '../planner/packing/pack';
import { PLATFORM_OPERATORS } from '../planner/catalogue/providers';
import type { Decision, MemberGroup, OptionSummary, PlanWarning } from '../planner/plan-types';

export { describeFitFailure };

/** Distinct choices listed per pool in a decision; the rest are counted. */
export const DECISION_DETAILS = 5;
/** Workload names listed per choice; the rest are counted. */
export const DECISION_NAMES = 3;

const GIB = 2 ** 30;

function gib(bytes: number): string {
  return `${(bytes / GIB).toFixed(1)} GiB`;
}

function usd(n: number): string {
  return `$${n.toFixed(2)}`;
}

/** An option in words, e.g. `L4 ×1, 14.2 GiB per GPU, ~$0.98/h`. */
export function describeOption(o: OptionSummary): string {
  const how =
    o.sharing === 'mig'
      ? `MIG ${o.migProfile}`
      : o.sharing === 'time-slicing'
        ? `time-sliced share ${o.gpusPerReplica.toFixed(3)}`
        : `×${o.gpusPerReplica}${o.gpusPerReplica > 1 ? ` (tensor parallel ${o.gpusPerReplica})` : ''}`;
  return `${o.gpuModel} ${how}, ${gib(o.gpuMemoryBytes)} per GPU, ~${usd(o.estimatedHourly)}/h`;
}

function describeGroup(g: MemberGroup): string {
  const names = g.workloads.slice(0, DECISION_NAMES).join(', ');
  const more = g.workloads.length > DECISION_NAMES ? ` and ${g.workloads.length - DECISION_NAMES} more` : '';
  const what = g.role === 'head' ? 'Ray head, CPU only' : g.option ? describeOption(g.option) : 'CPU only';
  const alt = g.runnerUp ? `; runner-up ${describeOption(g.runnerUp)}` : '';
  return `${names}${more}: ${what}${alt}`;
}

const BASIS: Readonly<Record<Decision['basis'], string>> = {
  'cheapest-hosting-all': 'cheapest instance type hosting every replica',
  'system-operators': `cheapest general-purpose type with ${PLATFORM_OPERATORS.minNode.vcpus}+ vCPUs and ${PLATFORM_OPERATORS.minNode.memoryMiB / 1024}+ GiB for the platform operators`,
  'host-sized': 'the local cluster runs every workload, sized by the sum of their requests',
  optimiser: 'chosen with every other pool by the optimiser (column generation over node configurations), cheaper than the packer alone',
};

/** A decision in one paragraph. */
export function describeDecision(d: Decision): string {
  const nodes = `${d.chosen.nodes} node${d.chosen.nodes === 1 ? '' : 's'}`;
  const parts = [`${d.chosen.instanceType}: ${BASIS[d.basis]} (${nodes}, ${usd(d.chosen.hourlyCost)}/h)`];
  if (d.runnerUp) parts.push(`runner-up ${d.runnerUp.instanceType} (${d.runnerUp.nodes} nodes, ${usd(d.runnerUp.hourlyCost)}/h)`);
  parts.push(...d.members.slice(0, DECISION_DETAILS).map(describeGroup));
  if (d.members.length > DECISION_DETAILS) parts.push(`${d.members.length - DECISION_DETAILS} other choices`);
  for (const r of d.repairs) parts.push(`moved here from ${r.from}: ${r.workloads.join(', ')}, saving ${usd(r.savedHourly)}/h`);
  if (d.ruledOut.length) parts.push(`ruled out: ${d.ruledOut.map((r) => `${r.instanceType} (${r.reasons.map(describeFitFailure).join(', ')})`).join(', ')}`);
  return parts.join('. ');
}

/** A warning in one sentence. */
export function describeWarning(w: PlanWarning): string {
  switch (w.code) {
    case 'idle-gpus':
      return `pool ${w.nodePool}: ${w.requestedGpus.toFixed(2)} of ${w.provisionedGpus} GPUs requested; the smallest ${w.gpuModel} instance type (${w.instanceType}) leaves the rest idle`;
    case 'time-slicing-no-isolation':
      return `pool ${w.nodePool}: time-sliced GPUs share memory with no isolation; a replica that exceeds its share can make its neighbours run out of memory`;
    case 'mig-geometry-unmeasured':
      return `pool ${w.nodePool}: ${w.gpuModel} MIG placement uses the H100 geometry, which NVIDIA documents for A100 but was not measured here`;
    case 'spot-serving':
      return `${w.workload}: serving on spot capacity; a reclaimed node drops in-flight requests`;
    case 'int4-scale-estimate':
      return `${w.workload}: int4 sizes include an estimated quantization-scale overhead; check the served checkpoint's real size`;
    case 'zone-spread-short':
      return `${w.workload}: zoneSpread with ${w.replicas} replica(s) over ${w.zones} zones leaves some zones without one`;
    case 'zones-unverified':
      return w.basis === 'zone-names'
        ? `pool ${w.nodePool}: zones are named, and AWS zone names map to different zones in each account, so whether each zone sells ${w.instanceType} was not checked; list zone IDs (use1-az1, ...) in spec.target.zones`
        : `pool ${w.nodePool}: the catalogue has no zone data for ${w.instanceType}; it is planned as sold in every target zone`;
    case 'cpu-fallback':
      return `${w.provider} has no GPUs: ${w.workloads.join(', ')} run on CPU (cpuFallback), far slower than on a GPU`;
  }
}
