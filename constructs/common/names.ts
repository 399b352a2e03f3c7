/**
 * Kubernetes name rules that are stricter than the platform file's: its names are DNS-1123
 * labels, which may start with a digit, but some kinds need more.
 */

/** Longest DNS label, and so the longest Service name. */
export const MAX_DNS_LABEL_LENGTH = 63;

/** A DNS-1035 label: lower-case letters, digits and '-', starting with a letter, ending alphanumeric. */
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Whether `name` is a DNS-1035 label of at most 63 characters. */
export function isDns1035Label(name: string): boolean {
  return name.length <= MAX_DNS_LABEL_LENGTH && DNS1035_LABEL.test(name);
}

/**
 * Whether a name is escaped: it is not a DNS-1035 label (it starts with a digit), or it is
 * `<prefix>-` followed by a name that is escaped, so that no escaped name equals a kept one.
 */
function escaped(name: string, prefix: string): boolean {
  if (!DNS1035_LABEL.test(name)) return true;
  return name.startsWith(`${prefix}-`) && escaped(name.slice(prefix.length + 1), prefix);
}

/**
 * A Service name for an object called `name`: `name` itself when it is a DNS-1035 label, else
 * `<prefix>-<name>`.
 *
 * The API server validates Service names as DNS-1035 labels (they become DNS names and
 * environment variable prefixes), so a workload called `7b-lab`, valid in a platform file, cannot
 * name its Service; it gets `nb-7b-lab` (prefix `nb`). So that a workload literally called
 * `nb-7b-lab` cannot get the same Service, names of the form `<prefix>-<escaped name>` are
 * escaped too (`nb-nb-7b-lab`): distinct names always give distinct Services. Names starting
 * with a letter otherwise keep their name (`nb-alice` stays `nb-alice`).
 *
 * @param prefix a DNS-1035 label, e.g. `nb` for notebooks
 * @throws Error when the prefix is not a DNS-1035 label, or the result is not a DNS-1035 label of
 *   at most 63 characters
 */
export function serviceNameFor(name: string, prefix: string): string {
  if (!isDns1035Label(prefix)) throw new Error(`Service name prefix '${prefix}' must be a DNS-1035 label (start with a letter)`);
  const service = escaped(name, prefix) ? `${prefix}-${name}` : name;
  if (!isDns1035Label(service)) {
    throw new Error(
      `cannot derive a Service name from '${name}': '${service}' is not a DNS-1035 label of at most ${MAX_DNS_LABEL_LENGTH} characters; ` +
        `use lower-case letters, digits and '-', at most ${MAX_DNS_LABEL_LENGTH - prefix.length - 1} characters`,
    );
  }
  return service;
}
