/**
 * Turns zod's structural issues into issues a user can act on: the path, the value received,
 * what is allowed there and how to fix it.
 */
import { DEFAULT_KUBERNETES_MINOR } from '../../versions';
import { z } from 'zod';
import { describeKind, type DraftIssue, formatPath, listValues, type PathSegment, showValue, suggestFix, toDnsLabel } from './format';
import { MODEL_IDS, PlatformSchema, WorkloadSchema } from './schema';

type ZodIssue = z.core.$ZodIssue;

/** What users often write for a provider, and the provider they mean. */
const PROVIDER_ALIASES: Readonly<Record<string, string>> = { aws: 'eks', amazon: 'eks', gcp: 'gke', google: 'gke', local: 'kind' };

const ARCHITECTURE_FIELDS = 'params, layers, hiddenSize, intermediateSize, attentionHeads, kvHeads, headDim, vocabSize';

/** Reads the value at `path` in parsed YAML/JSON data, `undefined` where the path leads nowhere. */
export function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let cur: unknown = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

/** Drops `.optional()` wrappers. */
function unwrapOptional(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
  return s;
}

/** Picks the union member that describes `data`: by discriminator, else the object member for mappings. */
function pickUnionMember(schema: z.ZodType, data: unknown): z.ZodType {
  if (!(schema instanceof z.ZodUnion)) return schema;
  const options = schema.options as readonly z.ZodType[];
  const discriminator = (schema._zod.def as { discriminator?: string }).discriminator;
  if (discriminator !== undefined) {
    const tag = valueAt(data, [discriminator]);
    for (const o of options) {
      const lit = o instanceof z.ZodObject ? o.shape[discriminator] : undefined;
      if (lit instanceof z.ZodLiteral && lit.values.has(tag as never)) return o;
    }
    return schema;
  }
  const isMapping = data !== null && typeof data === 'object' && !Array.isArray(data);
  return (isMapping ? options.find((o) => o instanceof z.ZodObject) : undefined) ?? schema;
}

/** The schema that describes the value at `path`, following the data through unions. */
function schemaAt(path: readonly PathSegment[], data: unknown): z.ZodType | undefined {
  let s: z.ZodType = PlatformSchema;
  for (let i = 0; i < path.length; i++) {
    s = pickUnionMember(unwrapOptional(s), valueAt(data, path.slice(0, i)));
    const seg = path[i]!;
    if (s instanceof z.ZodObject && typeof seg === 'string') {
      const next = (s.shape as Record<string, z.ZodType>)[seg];
      if (next === undefined) return undefined;
      s = next;
    } else if (s instanceof z.ZodArray && typeof seg === 'number') {
      s = s.element as z.ZodType;
    } else {
      return undefined;
    }
  }
  return pickUnionMember(unwrapOptional(s), valueAt(data, path));
}

const EXPECTED: Readonly<Record<string, { what: string; example: string }>> = {
  int: { what: 'a whole number', example: '<whole number>' },
  number: { what: 'a number', example: '<number>' },
  string: { what: 'a string', example: '<text>' },
  boolean: { what: 'true or false', example: 'true' },
  object: { what: 'a mapping (key: value pairs)', example: '{ ... }' },
  array: { what: 'a list', example: '[ ... ]' },
};

function lastKey(path: readonly PathSegment[]): string {
  const key = [...path].reverse().find((s) => typeof s === 'string');
  return key === undefined ? 'it' : String(key);
}

function invalidType(path: readonly PathSegment[], expected: string, value: unknown): DraftIssue {
  const exp = EXPECTED[expected] ?? { what: expected, example: '' };
  const key = lastKey(path);
  if (value === undefined) {
    return { path, problem: `${key} is required but missing`, allowed: exp.what, fix: `add ${key}: ${exp.example}` };
  }
  if (expected === 'int' && typeof value === 'number') {
    return {
      path,
      problem: `must be a whole number, got ${value}`,
      allowed: exp.what,
      fix: `use a whole number such as ${Math.max(1, Math.round(value))}`,
    };
  }
  if (expected === 'string' && typeof value === 'number') {
    // YAML reads 1.30 as the number 1.3, so the user's text may already be lost
    return {
      path,
      problem: `expected a string, got ${describeKind(value)}`,
      allowed: exp.what,
      fix: `quote it: "${value}" (YAML reads unquoted 1.30 as the number 1.3)`,
    };
  }
  return {
    path,
    problem: `expected ${exp.what}, got ${describeKind(value)}`,
    allowed: exp.what,
    fix: `write ${key} as ${exp.what}` + (typeof value === 'string' && expected !== 'string' ? ', without quotes or units' : ''),
  };
}

function isWorkloadPath(path: readonly PathSegment[]): boolean {
  return path.length === 3 && path[0] === 'spec' && path[1] === 'workloads' && typeof path[2] === 'number';
}

/** Workload types whose schema has `key`: helps users who put a field on the wrong type. */
function workloadTypesWithKey(key: string): string[] {
  return (WorkloadSchema.options as readonly z.ZodObject[])
    .filter((o) => key in o.shape)
    .map((o) => String((o.shape as Record<string, z.ZodLiteral>).type!.value))
    .sort();
}

function unknownKeys(path: readonly PathSegment[], keys: readonly string[], data: unknown): DraftIssue[] {
  const schema = schemaAt(path, data);
  const allowedKeys = schema instanceof z.ZodObject ? Object.keys(schema.shape).sort() : [];
  const where = formatPath(path) === '' ? 'the top level' : formatPath(path);
  return [...keys].sort().map((key) => {
    let fix = allowedKeys.length > 0 ? suggestFix(key, allowedKeys, 'keys') : 'remove it';
    if (fix.startsWith('use one of')) fix = 'remove it or rename it to one of the allowed keys';
    if (isWorkloadPath(path)) {
      const types = workloadTypesWithKey(key);
      const type = valueAt(data, [...path, 'type']);
      if (types.length > 0) fix = `${showValue(key)} applies to workloads of type ${types.join(', ')}, not ${showValue(type)}; remove it or change type`;
    }
    return {
      path: [...path, key],
      problem: `unknown key ${showValue(key)} (value ${showValue(valueAt(data, [...path, key]))})`,
      allowed: `keys of ${where}: ${allowedKeys.join(', ')}`,
      fix,
    };
  });
}

function invalidValue(path: readonly PathSegment[], values: readonly unknown[], value: unknown): DraftIssue {
  const key = lastKey(path);
  if (values.length === 1) {
    const problem = value === undefined ? `${key} is required but missing` : `must be ${showValue(values[0])}, got ${showValue(value)}`;
    return { path, problem, allowed: showValue(values[0]), fix: `set ${key}: ${String(values[0])}` };
  }
  const names = values.map(String);
  const alias = key === 'provider' && typeof value === 'string' ? PROVIDER_ALIASES[value.toLowerCase()] : undefined;
  if (alias !== undefined) {
    return { path, problem: `${showValue(value)} is not an allowed provider`, allowed: listValues(values), fix: `use ${showValue(alias)}` };
  }
  if (key === 'model') {
    return {
      path,
      problem: value === undefined ? 'model is required but missing' : `unknown model ${showValue(value)}`,
      allowed: `catalogue model ids ${listValues(MODEL_IDS)}, or an inline architecture mapping with ${ARCHITECTURE_FIELDS}`,
      fix:
        typeof value === 'string'
          ? suggestFix(value, names, 'model ids').replace(
              'use one of the allowed model ids',
              `use a catalogue id or describe the model inline (${ARCHITECTURE_FIELDS})`,
            )
          : `use a catalogue id or describe the model inline (${ARCHITECTURE_FIELDS})`,
    };
  }
  return {
    path,
    problem: value === undefined ? `${key} is required but missing` : `${showValue(value)} is not an allowed ${key}`,
    allowed: listValues(values),
    fix: value === undefined ? `add ${key}: ${String(values[0])} (or another allowed value)` : suggestFix(value, names, 'values'),
  };
}

function formatFix(path: readonly PathSegment[], message: string, value: unknown): string {
  if (message.includes('DNS-1123') && typeof value === 'string') {
    const label = toDnsLabel(value);
    return label === '' ? 'use lower-case letters, digits and "-"' : `use ${showValue(label)}`;
  }
  if (message.includes('Kubernetes quantity')) return `write ${lastKey(path)} as a number (4), milli-cores ("500m") or bytes with a unit ("16Gi")`;
  if (message.includes('the pinned stack supports')) return `use one of the supported minors, e.g. "${DEFAULT_KUBERNETES_MINOR}" (the default)`;
  if (message.includes('Kubernetes minor')) return `write the minor version as a quoted string, e.g. "${DEFAULT_KUBERNETES_MINOR}"`;
  if (message.includes("'system:' group")) return 'bind a group of your identity provider instead, e.g. "ml-research"';
  if (message.includes('tag or a digest') || message.includes("tag 'latest'")) return 'append a version tag (:v1.2.3) or pin a digest (@sha256:...)';
  if (message.includes('must be above 0 and at most')) return `lower ${lastKey(path)} to what one replica really needs`;
  return 'correct the value';
}

function bound(
  path: readonly PathSegment[],
  issue: { origin: string; inclusive?: boolean },
  limit: number | bigint,
  side: 'min' | 'max',
  value: unknown,
): DraftIssue {
  const key = lastKey(path);
  if (issue.origin === 'array' && Array.isArray(value)) {
    const allowed = side === 'min' ? `at least ${limit} item(s)` : `at most ${limit} item(s)`;
    return {
      path,
      problem: `has ${value.length} item(s)`,
      allowed,
      fix: side === 'min' ? `add items to ${key} or remove the key to use the default` : `remove items from ${key}`,
    };
  }
  if (issue.origin === 'string' && typeof value === 'string') {
    const allowed = side === 'min' ? `at least ${limit} character(s)` : `at most ${limit} characters (names become part of Kubernetes object names)`;
    return {
      path,
      problem: `${showValue(value)} has ${value.length} character(s)`,
      allowed,
      fix: side === 'min' ? `give ${key} a value` : `shorten it to ${limit} characters`,
    };
  }
  const op = side === 'min' ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
  return { path, problem: `${showValue(value)} is out of range`, allowed: `${key} ${op} ${limit}`, fix: `use a value ${op} ${limit}` };
}

/** True when a union member rejected the value for being the wrong kind altogether. */
function rejectsKind(branch: readonly ZodIssue[], value: unknown): boolean {
  return branch.some(
    (i) => i.path.length === 0 && (i.code === 'invalid_type' || (i.code === 'invalid_value' && !i.values.some((v) => typeof v === typeof value))),
  );
}

function union(path: readonly PathSegment[], issue: Extract<ZodIssue, { code: 'invalid_union' }>, data: unknown): DraftIssue[] {
  const value = valueAt(data, path);
  if (issue.discriminator !== undefined && 'options' in issue && issue.options !== undefined) {
    return [invalidValue(path, issue.options, value)];
  }
  const branch = issue.errors.find((b) => !rejectsKind(b, value));
  if (branch !== undefined) {
    return branch.flatMap((i) => translateIssue({ ...i, path: [...path, ...i.path] } as ZodIssue, data));
  }
  if (lastKey(path) === 'model') return [invalidValue(path, MODEL_IDS, value)];
  const kinds = issue.errors
    .flatMap((b) => b.filter((i) => i.path.length === 0 && i.code === 'invalid_type'))
    .map((i) => EXPECTED[(i as { expected: string }).expected]?.what ?? 'another kind of value');
  return [
    {
      path,
      problem: `${describeKind(value)} is not accepted here`,
      allowed: [...new Set(kinds)].join(' or '),
      fix: `write ${lastKey(path)} as ${kinds.join(' or ')}`,
    },
  ];
}

function translateIssue(issue: ZodIssue, data: unknown): DraftIssue[] {
  const path = issue.path.filter((s): s is PathSegment => typeof s === 'string' || typeof s === 'number');
  const value = valueAt(data, path);
  switch (issue.code) {
    case 'invalid_type': {
      // zod reports `number` for a non-number even where only whole numbers are accepted
      const target = issue.expected === 'number' ? schemaAt(path, data) : undefined;
      return [invalidType(path, target instanceof z.ZodNumber && target.format === 'safeint' ? 'int' : issue.expected, value)];
    }
    case 'unrecognized_keys':
      return unknownKeys(path, issue.keys, data);
    case 'invalid_value':
      return [invalidValue(path, issue.values, value)];
    case 'invalid_union':
      return union(path, issue, data);
    case 'too_small':
      return [bound(path, issue, issue.minimum, 'min', value)];
    case 'too_big':
      return [bound(path, issue, issue.maximum, 'max', value)];
    case 'invalid_format':
      return [{ path, problem: `${showValue(value)} ${issue.message}`, fix: formatFix(path, issue.message, value) }];
    case 'custom':
      return [{ path, problem: `${showValue(value)} ${issue.message}`, fix: formatFix(path, issue.message, value) }];
    default:
      return [{ path, problem: `${showValue(value)}: ${issue.message}`, fix: 'correct the value' }];
  }
}

/** Translates every zod issue of a failed parse of `data` against the platform schema. */
export function translateZodIssues(issues: readonly ZodIssue[], data: unknown): DraftIssue[] {
  return issues.flatMap((i) => translateIssue(i, data));
}
