/**
 * Reads a platform file (YAML or JSON) into a `PlatformSpec`, reporting every problem at once:
 * syntax errors with line and column, then schema errors, then the semantic checks.
 */
import { compile } from 'zod';
import { type Issue, InvalidSpecError } from '../errors';
import { defaultSpecCatalogue } from './catalogue-view';
import { type DraftIssue, formatPath } from './format';
import { readYamlOrJson } from './read';
import { PlatformSchema, PolicySchema, TargetSchema, WorkloadSchema, type PlatformSpec } from './schema';

type TargetSpec = PlatformSpec['spec']['target'];
import { checkSemantics, type SemanticInput, semanticInputOf, type SpecCatalogue, specWarnings, type WorkloadDraft } from './semantic';
import { translateZodIssues, valueAt } from './zod-issues';

/** The outcome of validating a platform file: the spec when it is valid, else every problem. */
export interface ValidationResult {
  /** The parsed spec; present exactly when `issues` is empty. */
  readonly spec?: PlatformSpec;
  /** Every problem, sorted by path then message. */
  readonly issues: readonly Issue[];
  /** Things worth fixing that do not make the file invalid (`specWarnings`); only with `spec`. */
  readonly warnings?: readonly Issue[];
}

function toIssue(d: DraftIssue, where: string): Issue {
  const message = `${d.problem} (at ${where})` + (d.allowed !== undefined ? `; allowed: ${d.allowed}` : '');
  return d.fix !== undefined ? { path: formatPath(d.path), message, fix: d.fix } : { path: formatPath(d.path), message };
}

/**
 * Parses a workload for the semantic checks, leaving out fields that failed the schema (already
 * reported), so a typo in one field does not hide a conflict between two others.
 */
function lenientWorkload(raw: unknown): WorkloadDraft | undefined {
  const full = WorkloadSchema.safeParse(raw);
  if (full.success) return full.data;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const type = (raw as Record<string, unknown>).type;
  const option = WorkloadSchema.options.find((o) => o.shape.type.value === type);
  if (option === undefined) return undefined;
  const bad = new Set(
    full.error.issues.flatMap((i) => (i.code === 'unrecognized_keys' && i.path.length === 0 ? i.keys : i.path.length > 0 ? [String(i.path[0])] : [])),
  );
  const kept = Object.fromEntries(Object.entries(raw).filter(([k]) => !bad.has(k)));
  const partial = option.partial().safeParse(kept);
  // `type` matched this option, so it is in `kept` and the result is a draft of that type
  return partial.success ? (partial.data as WorkloadDraft) : undefined;
}

/** Collects what the semantic checks can use from a file that failed the schema somewhere. */
function partialSemanticInput(data: unknown): SemanticInput {
  const list = (key: string): readonly unknown[] => {
    const v = valueAt(data, ['spec', key]);
    return Array.isArray(v) ? v : [];
  };
  const names = (key: string): { index: number; name: string }[] =>
    list(key).flatMap((t, index) => {
      const name = valueAt(t, ['name']);
      return typeof name === 'string' ? [{ index, name }] : [];
    });
  // a target with one bad field still tells the provider, region and zones to check against
  const field = <K extends 'provider' | 'region' | 'zones'>(key: K) => {
    const r = TargetSchema.shape[key].safeParse(valueAt(data, ['spec', 'target', key]));
    return r.success ? (r.data as TargetSpec[K]) : undefined;
  };
  const provider = field('provider');
  const policy = PolicySchema.safeParse(valueAt(data, ['spec', 'policy']) ?? {});
  return {
    target: provider === undefined ? undefined : { provider, region: field('region'), zones: field('zones') },
    policy: policy.success ? policy.data : undefined,
    teamNames: names('teams'),
    workloadNames: names('workloads'),
    workloadTeams: list('workloads').flatMap((w, index) => {
      const team = valueAt(w, ['team']);
      return typeof team === 'string' ? [{ index, team }] : [];
    }),
    workloads: list('workloads').flatMap((w, index) => {
      const workload = lenientWorkload(w);
      return workload === undefined ? [] : [{ index, workload }];
    }),
  };
}

/**
 * Files of at least this many workloads are checked by zod's compiled copy of the schema
 * (`z.compile`), which zod documents as giving the same data and the same issues, falling back
 * to the schema's own parser whenever its fast path rejects (zod.dev/compile, zod 4.6.7
 * `v4/core/compile.d.ts`; `test/planner/spec/compiled-schema.test.ts` checks it on valid and
 * broken files). Compiling costs about 60 ms of CPU and then checks a workload in about half the
 * time (10,000 workloads: about 380 → 165 ms in a fresh process), so it pays from a few thousand
 * workloads; below, the schema's own parser is the cheaper one. Either choice gives the same result
 * (docs/decisions/0065-one-plan-run-and-highs-in-its-own-thread.md).
 */
export const COMPILED_SCHEMA_FROM_WORKLOADS = 2000;

let compiledPlatformSchema: typeof PlatformSchema | undefined;

/** The schema that checks `data`: the compiled copy for a large file (compiled once per process), the schema itself otherwise. */
function platformSchemaFor(data: unknown): typeof PlatformSchema {
  const workloads = valueAt(data, ['spec', 'workloads']);
  if (!Array.isArray(workloads) || workloads.length < COMPILED_SCHEMA_FROM_WORKLOADS) return PlatformSchema;
  compiledPlatformSchema ??= compile(PlatformSchema);
  return compiledPlatformSchema;
}

/**
 * Validates a platform file and never throws for bad input.
 *
 * @param text - the file's contents, YAML or JSON
 * @param source - the file name, used in locations such as `platform.yaml:12:7`
 * @param catalogue - regions and GPUs per provider; the planner's catalogue by default
 */
export function validatePlatform(text: string, source: string, catalogue: SpecCatalogue = defaultSpecCatalogue): ValidationResult {
  return validate(text, source, catalogue, true);
}

/**
 * Validation with or without the warnings: locating a warning in the file parses the text again
 * with source positions, which on a large file costs more than the rest of the validation, so
 * callers that do not print warnings skip them.
 */
function validate(text: string, source: string, catalogue: SpecCatalogue, withWarnings: boolean): ValidationResult {
  const read = readYamlOrJson(text, source);
  if ('issues' in read) return { issues: new InvalidSpecError(read.issues).issues };
  const { data } = read;
  if (data === null || data === undefined) {
    return {
      issues: [
        {
          path: '',
          message: `${source} is empty`,
          fix: 'write a platform document: apiVersion: cnai.dev/v1alpha1, kind: Platform, metadata.name, spec.target, spec.teams, spec.workloads',
        },
      ],
    };
  }
  const parsed = platformSchemaFor(data).safeParse(data);
  const drafts = parsed.success
    ? checkSemantics(semanticInputOf(parsed.data), catalogue)
    : [...translateZodIssues(parsed.error.issues, data), ...checkSemantics(partialSemanticInput(data), catalogue)];
  // every location in one scan of the file: a large file can carry a warning per workload
  const located = (ds: readonly DraftIssue[]): Issue[] => {
    const where = read.locateAll(ds.map((d) => d.path));
    return ds.map((d, i) => toIssue(d, where[i]!));
  };
  if (drafts.length === 0 && parsed.success) {
    const warned = withWarnings ? specWarnings(parsed.data) : [];
    if (warned.length === 0) return { spec: parsed.data, issues: [] };
    return { spec: parsed.data, issues: [], warnings: located(warned) };
  }
  const issues = located(drafts);
  return { issues: new InvalidSpecError(issues).issues };
}

/**
 * Parses and validates a platform file.
 *
 * @param text - the file's contents, YAML or JSON (JSON is YAML)
 * @param source - the file name, used in error locations
 * @returns the validated spec
 * @throws InvalidSpecError listing every problem at once
 */
export function parsePlatform(text: string, source: string): PlatformSpec {
  const result = validate(text, source, defaultSpecCatalogue, false);
  if (result.spec === undefined) throw new InvalidSpecError(result.issues);
  return result.spec;
}
