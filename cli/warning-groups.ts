/**
 * Warnings said once per kind: a platform file of half a million workloads with a gated model
 * each has as many warnings, and a terminal of identical lines hides the one that differs.
 */
import { formatIssue, type Issue } from '../planner/errors';
import { groupBy } from '../planner/group-by';

/** Warnings of a kind printed in full; a kind with more is said once with a count and the first locations. */
export const WARNINGS_IN_FULL = 3;

/** Orders paths as they appear in the file: `spec.workloads[9]` before `spec.workloads[10]`. */
export function compareByPosition(a: string, b: string): number {
  const ta = a.split(/(\d+)/);
  const tb = b.split(/(\d+)/);
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    if (ta[i] === tb[i]) continue;
    // odd indices are runs of digits
    if (i % 2 === 1) return Number(ta[i]) - Number(tb[i]) || (ta[i]! < tb[i]! ? -1 : 1);
    return ta[i]! < tb[i]! ? -1 : 1;
  }
  return ta.length - tb.length;
}

/** Where a located message says it is, `(at FILE:LINE:COL)`, or the empty string. */
function whereOf(i: Issue): string {
  return /\(at ([^)]*)\)/.exec(i.message)?.[1] ?? '';
}

/**
 * The lines `cnai validate` prints for its warnings. Warnings of a kind (the same fix) that
 * number at most {@link WARNINGS_IN_FULL} are printed as they are; a larger kind prints its first
 * warning in the file's order, then one line with how many more there are and where the next
 * ones are. Kinds come in the order of their first warning in `warnings`.
 *
 * @param file - the platform file, for the hint that `--json` lists every warning
 */
export function warningLines(warnings: readonly Issue[], file: string): string[] {
  const kinds = groupBy(warnings, (w) => w.fix ?? w.message);
  const lines: string[] = [];
  for (const members of kinds.values()) {
    if (members.length <= WARNINGS_IN_FULL) {
      for (const w of members) lines.push(`  - ${formatIssue(w)}`);
      continue;
    }
    const sorted = [...members].sort((a, b) => compareByPosition(a.path, b.path) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
    const next = sorted.slice(1, 1 + WARNINGS_IN_FULL).map((w) => `${w.path} (${whereOf(w)})`);
    lines.push(`  - ${formatIssue(sorted[0]!)}`);
    lines.push(
      `    and ${sorted.length - 1} more like it, the next at ${next.join(', ')}${sorted.length - 1 > next.length ? ', ...' : ''}; \`cnai validate --json ${file}\` lists every one`,
    );
  }
  return lines;
}
