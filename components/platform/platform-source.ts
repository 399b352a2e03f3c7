/**
 * Where a platform comes from: a platform file read through a small I/O seam, or a spec already
 * in memory. The planner itself never touches the file system.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { plan as planPlatform } from '../../planner/plan';
import type { MipSolver } from '../../planner/optimise/linear-program';
import type { Plan } from '../../planner/plan-types';
import { parsePlatform } from '../../planner/spec/parse';
import type { PlatformSpec } from '../../planner/spec/schema';
import { ComponentArgsError } from '../validation';

/** Reads platform files; tests replace it with an in-memory map. */
export interface PlatformFileReader {
  /** Returns the file's UTF-8 text; throws when it cannot be read. */
  readFile(file: string): string;
}

/** The real file system. */
export const nodeFileReader: PlatformFileReader = {
  readFile: (file) => fs.readFileSync(file, 'utf8'),
};

/** A platform given as a file, a parsed spec, or a plan already made from one. */
export interface PlatformSource {
  /** Path of a platform file (YAML or JSON), relative to the working directory (the Pulumi project root). */
  readonly platformFile?: string;
  /** A platform spec already parsed. */
  readonly spec?: PlatformSpec;
  /** A plan already made (the output of `plan()`, or `cnai plan --json` parsed), deployed as it is. */
  readonly plan?: Plan;
  /**
   * The optimiser's solver `plan()` uses for a file or spec: the stack program passes HiGHS
   * (`loadHighsSolver()` from `solver/highs`), so the stack deploys the plan `cnai plan` prints.
   * @default - no optimiser: the heuristic's plan (`cost.method.optimiser: no-solver`)
   */
  readonly solver?: MipSolver;
}

/**
 * Plans a platform from a file or a spec.
 *
 * @param where prefix for error paths, e.g. `CnaiPlatform(prod)`
 * @throws ComponentArgsError when not exactly one source is given, or the file cannot be read;
 *   `InvalidSpecError` / `InfeasibleError` from the planner as they are
 */
export function planFromSource(source: PlatformSource, where: string, reader: PlatformFileReader = nodeFileReader): Plan {
  const given = [source.platformFile, source.spec, source.plan].filter((x) => x !== undefined).length;
  if (given !== 1) {
    throw new ComponentArgsError(
      where,
      'give exactly one of platformFile, spec or plan; fix: pass the path of a platform.yaml, a parsed PlatformSpec or a plan',
    );
  }
  if (source.plan !== undefined) return source.plan;
  const options = source.solver ? { solver: source.solver } : {};
  if (source.spec !== undefined) return planPlatform(source.spec, options);
  const file = source.platformFile!;
  let text: string;
  try {
    text = reader.readFile(path.resolve(file));
  } catch (e) {
    throw new ComponentArgsError(
      `${where}.platformFile`,
      `cannot read platform file '${file}' (resolved to ${path.resolve(file)}): ${(e as Error).message}; fix: set cnai:platform to a path relative to the Pulumi project root`,
    );
  }
  return planPlatform(parsePlatform(text, file), options);
}
