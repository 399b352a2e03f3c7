/**
 * `node -r ./scripts/register.js bench/verify.ts [N...]`: `cnai verify` on synthetic fleets.
 *
 * Plans and renders each fleet (not timed as verify), then times `verifyObjects` on the rendered
 * objects: building the nodes, the controllers' pods, Kueue admission, scheduling, rollout and
 * claim checks. Prints a Markdown table and writes bench/verify-results.md with wall-clock and
 * CPU time. The goal is 10,000 workloads in under 2 s on a 2-core machine.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderObjects } from '../constructs/platform/render';
import { plan } from '../planner/plan';
import { verifyObjects } from '../verify/verify';
import { syntheticFleet } from './synthetic';

function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const rows: string[] = [];
for (const n of sizes.length > 0 ? sizes : [1000, 10000]) {
  const t0 = now();
  const p = plan(syntheticFleet(n));
  const t1 = now();
  const objects = Object.values(renderObjects(p)).flat();
  const t2 = now();
  const cpu0 = process.cpuUsage();
  const report = verifyObjects(p, objects);
  const cpu = process.cpuUsage(cpu0);
  const t3 = now();
  const pods = report.workloads.reduce((s, w) => s + w.podsWanted, 0);
  const s = report.summary;
  rows.push(
    `| ${n} | ${report.nodes} | ${pods} | ${Math.round(t1 - t0)} | ${Math.round(t2 - t1)} | **${Math.round(t3 - t2)}** | ${Math.round((cpu.user + cpu.system) / 1000)} | ${s.admittedAndScheduled}/${s.workloads}, ${s.podsPending} pending, ${s.rolloutsBlocked} rollouts blocked, ${s.claimsUnbound} claims unbound |`,
  );
}
const table = [
  '| workloads | nodes | pods | plan ms | render ms | verify ms | verify CPU ms | verify result |',
  '|---:|---:|---:|---:|---:|---:|---:|---|',
  ...rows,
].join('\n');
const text = `# cnai verify benchmark\n\nSynthetic EKS fleets (bench/synthetic.ts, seed 42), one process, \`node -r ./scripts/register.js bench/verify.ts\`.\n"verify ms" is the wall-clock time of \`verifyObjects\` alone on the rendered objects; "verify CPU ms" its process CPU time\n(user + system, garbage collection included), the better figure on a shared machine.\n\n${table}\n`;
fs.writeFileSync(path.join(__dirname, 'verify-results.md'), text);
process.stdout.write(text);
