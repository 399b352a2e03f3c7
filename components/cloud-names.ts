/**
 * Names the clouds accept for objects named after a plan's pools. Each cloud object has one rule
 * (length, characters, first character); `nameWithin` turns the name the components would like,
 * `<component>-<pool>…`, into one the rule accepts.
 *
 * A name that already satisfies its rule is kept as it is, so resources deployed under it are
 * never renamed (a new logical name is a new Pulumi resource, and the old one is deleted). Any
 * other name is mapped character by character, cut, and ends in hex characters of a hash of the
 * whole original, so the result is the same on every run and two names that differ anywhere
 * stay apart after the cut.
 */
import { createHash } from 'node:crypto';

/** What one cloud accepts as the name of one kind of object. */
export interface NameRule {
  /** The object, for messages and docs. */
  readonly object: string;
  /** Most characters of the name the cloud receives. */
  readonly maxLength: number;
  /** Fewest characters. */
  readonly minLength: number;
  /** One character the name may hold. */
  readonly allowed: RegExp;
  /** What the first character must be. */
  readonly first: RegExp;
  /** What the last character must be. */
  readonly last: RegExp;
  /** Whether upper-case letters are refused (then the name is lower-cased). */
  readonly lowerCaseOnly: boolean;
  /**
   * Characters Pulumi's auto-naming appends to the logical name: `-` and seven random hex
   * characters (0 where the component sets the cloud name itself). The logical name must leave
   * room for them.
   */
  readonly autonameSuffix: number;
  /** Hex characters of the hash that ends a transformed name: more where the rule leaves room. */
  readonly hashLength: number;
}

/** What Pulumi's auto-naming appends to a logical name: `-` and seven hex characters. */
export const PULUMI_AUTONAME_SUFFIX = 8;

/**
 * EKS managed node group names: at most 63 characters, starting with a letter or digit, then
 * letters, digits, `-` and `_` (`@pulumi/aws` 7.48.0 `eks/nodeGroup.d.ts`, `nodeGroupName`).
 * Left unset, `nodeGroupName` is the logical name plus Pulumi's suffix (pulumi-aws
 * `provider/resource_overrides.go`, `aws_eks_node_group`: AutoName with `-`, 7 random characters).
 */
export const EKS_NODE_GROUP_NAME: NameRule = {
  object: 'EKS node group',
  maxLength: 63,
  minLength: 1,
  allowed: /[A-Za-z0-9_-]/,
  first: /[A-Za-z0-9]/,
  last: /[A-Za-z0-9_-]/,
  lowerCaseOnly: false,
  autonameSuffix: PULUMI_AUTONAME_SUFFIX,
  hashLength: 8,
};

/**
 * EC2 launch template names: 3 to 128 characters of letters, digits and `( ) . - / _` (EC2 API
 * reference, `LaunchTemplate.launchTemplateName`). Left unset, `name` is the logical name plus
 * Pulumi's suffix (pulumi-aws `provider/autonaming.go`: every input `name`, `-`, 7 characters).
 */
export const EC2_LAUNCH_TEMPLATE_NAME: NameRule = {
  object: 'EC2 launch template',
  maxLength: 128,
  minLength: 3,
  allowed: /[A-Za-z0-9().\-/_]/,
  first: /[A-Za-z0-9().\-/_]/,
  last: /[A-Za-z0-9().\-/_]/,
  lowerCaseOnly: false,
  autonameSuffix: PULUMI_AUTONAME_SUFFIX,
  hashLength: 8,
};

/**
 * GKE node pool names: `[a-z]([-a-z0-9]{0,38}[a-z0-9])?`, so at most 40 characters, lower case,
 * starting with a letter (the API's error, quoted in pulumi/pulumi-gcp#1510). Pulumi auto-names
 * the pool from its logical name.
 */
export const GKE_NODE_POOL_NAME: NameRule = {
  object: 'GKE node pool',
  maxLength: 40,
  minLength: 1,
  allowed: /[a-z0-9-]/,
  first: /[a-z]/,
  last: /[a-z0-9]/,
  lowerCaseOnly: true,
  autonameSuffix: PULUMI_AUTONAME_SUFFIX,
  // six, as GKE pools named before this rule was shared: their names stay as deployed
  hashLength: 6,
};

/** Whether `name` (a logical name, before Pulumi's suffix) satisfies `rule`. */
export function satisfies(name: string, rule: NameRule): boolean {
  const chars = [...name];
  // with a suffix appended, the suffix's hex characters are what the cloud sees last
  const lastOk = rule.autonameSuffix > 0 || (chars.length > 0 && rule.last.test(chars[chars.length - 1]!));
  return (
    chars.length + rule.autonameSuffix <= rule.maxLength &&
    chars.length + rule.autonameSuffix >= rule.minLength &&
    chars.length > 0 &&
    rule.first.test(chars[0]!) &&
    lastOk &&
    chars.every((c) => rule.allowed.test(c))
  );
}

/**
 * The name `wanted` as `rule` accepts it: `wanted` itself when it satisfies the rule; otherwise
 * lower-cased where the rule asks, each refused character replaced by `-` (runs of them by one),
 * prefixed with `n` when it cannot start as the rule wants, cut to leave room for Pulumi's
 * suffix, and ended with `-` and the rule's count of hex characters of a hash of `wanted`.
 */
export function nameWithin(wanted: string, rule: NameRule): string {
  if (satisfies(wanted, rule)) return wanted;
  const hash = createHash('sha256').update(wanted).digest('hex').slice(0, rule.hashLength);
  const cased = rule.lowerCaseOnly ? wanted.toLowerCase() : wanted;
  let mapped = [...cased]
    .map((c) => (rule.allowed.test(c) ? c : '-'))
    .join('')
    .replace(/-{2,}/g, '-');
  if (mapped === '' || !rule.first.test(mapped[0]!)) mapped = `n${mapped}`;
  const room = rule.maxLength - rule.autonameSuffix - rule.hashLength - 1;
  // a cut that ends in separators would leave two before the hash
  const body = mapped.slice(0, room).replace(/[-_./()]+$/, '');
  return `${body}-${hash}`;
}

/**
 * Two of `wanted` that `rule` turns into one name (and that name), or undefined when every name
 * is its own. A cut name ends in 24 or 32 bits of a hash, so two names of one cluster meet with
 * odds of one in sixteen million (or four billion) per pair; the components check before
 * creating anything rather than count on it.
 */
export function nameClash(wanted: readonly string[], rule: NameRule): readonly [string, string, string] | undefined {
  const seen = new Map<string, string>();
  for (const w of [...new Set(wanted)].sort()) {
    const name = nameWithin(w, rule);
    const other = seen.get(name);
    if (other !== undefined) return [other, w, name];
    seen.set(name, w);
  }
  return undefined;
}
