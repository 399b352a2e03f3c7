/**
 * The Markdown section of bench/results.md for the reference measurements.
 */

type Json = Record<string, unknown>;

function list(o: Json): string[] {
  return Object.entries(o).map(([k, v]) => `- ${k}: ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`);
}

/** Lines of the section; a note when `--exact` has never been run. */
export function referenceSection(r: Json | undefined): string[] {
  const head = ['## Plan quality against the reference optimiser (`npm run bench -- --exact`)', ''];
  if (!r) return [...head, 'Not measured yet: run `npm run bench -- --exact`.', ''];
  const fleets = r.smallFleets as { rows: Json[]; summary: Json };
  const cases = r.cases as { moreChoice: Json; smallChange: Json };
  return [
    ...head,
    `Solver: ${String(r.solver)}, Node ${String(r.node)}; all reference measurements took ${String(r.totalSeconds)} s. ` +
      'Costs are USD per hour and include the system pool, which every plan pays. What is exact and what is a bound: bench/reference/README.md.',
    '',
    '### Small fleets: plan cost ÷ exact optimum',
    '',
    ...list(fleets.summary),
    '',
    '`plan` is `plan()` with the solver (what every entry point produces), `packer` the same without it; the optimum is the reference model, ' +
      'which lets a workload spread over instance types (docs/decisions/0025); "proven" is the plan\'s own `cost.method.provenOptimal`: the cheapest plan that keeps each workload in one pool. ' +
      'Planner CPU seconds are `process.cpuUsage()` around `plan()`.',
    '',
    '| fleet | provider | capacity/sharing | replicas | packer | plan | optimiser | proven (one pool per workload) | optimum | proven | plan ÷ optimum | packer ÷ optimum | planner bound ÷ optimum | planner CPU s | reference s |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...fleets.rows.map(
      (x) =>
        `| ${String(x.fleet)} | ${String(x.provider)} | ${String(x.policy)} | ${String(x.replicas)} | ${String(x.heuristic)} | ${String(x.plan)} | ${String(x.optimiser)} | ${x.provenOnePool ? 'yes' : 'no'} | ${String(x.optimum)} | ${x.proven ? 'yes' : 'no'} | ${String(x.planOverOptimum)} | ${String(x.heuristicOverOptimum)} | ${String(x.plannerBoundOverOptimum)} | ${String(x.planCpuSeconds)} | ${String(x.seconds)} |`,
    ),
    '',
    '### Alibaba trace: column-generation bound, rounded plan, Karpenter-style baseline',
    '',
    ...(typeof r.trace === 'string' ? [r.trace] : list(r.trace as Json)),
    '',
    '### More choice (reference file)',
    '',
    ...list(cases.moreChoice),
    '',
    '### Small change (reference file)',
    '',
    ...list(cases.smallChange),
    '',
  ];
}
