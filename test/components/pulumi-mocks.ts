/**
 * Pulumi runtime mocks for component and stack tests: records every registered resource with its
 * inputs and resource options (protect, retainOnDelete, dependencies), and fakes the few outputs
 * the components read (endpoints, ARNs, addresses).
 */
import * as pulumi from '@pulumi/pulumi';
import { MockMonitor } from '@pulumi/pulumi/runtime/mocks';
import { specialSecretSig, specialSigKey } from '@pulumi/pulumi/runtime/rpc';
import { parseAllDocuments } from 'yaml';

/** One registered resource. */
export interface Registered {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly custom: boolean;
  protect?: boolean;
  retainOnDelete?: boolean;
  parent?: string;
  provider?: string;
  dependencies?: string[];
}

/** What `installMocks` returns. */
export interface MockState {
  readonly resources: Registered[];
  /** Resources of a type token, e.g. `aws:eks/nodeGroup:NodeGroup`. */
  ofType(type: string): Registered[];
  /** The resource with this type and name; throws when absent. */
  one(type: string, name: string): Registered;
}

/** Outputs a real provider would compute, by type token. */
function fakeOutputs(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  switch (type) {
    case 'aws:eks/cluster:Cluster':
      return {
        name: inputs['name'] ?? name,
        endpoint: `https://${name}.eks.example`,
        certificateAuthority: { data: 'Q0EtREFUQQ==' },
        arn: `arn:aws:eks:::cluster/${name}`,
      };
    case 'aws:rds/instance:Instance':
      return { address: `${name}.rds.example`, port: 5432, endpoint: `${name}.rds.example:5432` };
    case 'aws:s3/bucket:Bucket':
      return { bucket: `${name}-bucket`, arn: `arn:aws:s3:::${name}-bucket` };
    case 'aws:iam/role:Role':
      return { name, arn: `arn:aws:iam::123456789012:role/${name}` };
    case 'aws:ec2/launchTemplate:LaunchTemplate':
      return { latestVersion: 1 };
    case 'aws:ec2/vpc:Vpc':
      return { cidrBlock: inputs['cidrBlock'] };
    case 'gcp:container/cluster:Cluster':
      return { name, endpoint: '203.0.113.10', masterAuth: { clusterCaCertificate: 'Q0EtREFUQQ==' } };
    case 'gcp:sql/databaseInstance:DatabaseInstance':
      return { name, privateIpAddress: '10.100.0.5' };
    case 'gcp:serviceaccount/account:Account':
      return { name: `projects/p/serviceAccounts/${name}`, email: `${String(inputs['accountId'])}@p.iam.gserviceaccount.com` };
    case 'gcp:storage/bucket:Bucket':
      return { name: `${name}-bucket` };
    case 'random:index/randomPassword:RandomPassword':
      return { result: `generated-${name}` };
    default:
      return {};
  }
}

/**
 * Installs the mocks; call before importing any module that creates resources.
 *
 * @param stack stack name `pulumi.getStack()` returns
 */
export function installMocks(stack = 'test'): MockState {
  const resources: Registered[] = [];
  const options = new Map<string, Partial<Registered>>();
  const key = (type: string, name: string): string => `${type}::${name}`;

  // Resource options are not passed to the mocks; read them off the registration request.
  type Request = {
    getType(): string;
    getName(): string;
    getProtect(): boolean | undefined;
    getRetainondelete(): boolean | undefined;
    getParent(): string;
    getProvider(): string;
    getDependenciesList(): string[];
  };
  const proto = MockMonitor.prototype as unknown as { registerResource(req: Request, cb: unknown): Promise<void> };
  const original = proto.registerResource;
  proto.registerResource = function (this: unknown, req: Request, cb: unknown): Promise<void> {
    options.set(key(req.getType(), req.getName()), {
      protect: req.getProtect() === true,
      retainOnDelete: req.getRetainondelete() === true,
      parent: req.getParent(),
      provider: req.getProvider(),
      dependencies: req.getDependenciesList(),
    });
    return original.call(this, req, cb);
  };

  void pulumi.runtime.setMocks(
    {
      newResource(args) {
        const inputs = (args.inputs ?? {}) as Record<string, unknown>;
        const record: Registered = { type: args.type, name: args.name, inputs, custom: args.custom === true };
        Object.assign(record, options.get(key(args.type, args.name)) ?? {});
        resources.push(record);
        return { id: `${args.name}-id`, state: { ...inputs, ...fakeOutputs(args.type, args.name, inputs) } };
      },
      call(args) {
        if (args.token === 'kubernetes:yaml:decode') {
          const text = String((args.inputs as { text: string }).text);
          return {
            result: parseAllDocuments(text)
              .map((d) => d.toJS())
              .filter((o) => o !== null && o !== undefined),
          };
        }
        return {};
      },
    },
    'cnai-platform',
    stack,
    false,
  );

  return {
    resources,
    ofType: (type) => resources.filter((r) => r.type === type),
    one(type, name) {
      const found = resources.find((r) => r.type === type && r.name === name);
      if (!found) {
        const names = resources.filter((r) => r.type === type).map((r) => r.name);
        throw new Error(`no ${type} named ${name}; registered: ${JSON.stringify(names)}`);
      }
      return found;
    },
  };
}

/**
 * Waits until no new resource has been registered for a while (YAML groups register their
 * objects only after decoding, and lazily loaded provider modules take tens of milliseconds).
 */
export async function settle(state: MockState): Promise<void> {
  let last = -1;
  let stable = 0;
  while (stable < 10) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    if (state.resources.length === last) stable += 1;
    else {
      stable = 0;
      last = state.resources.length;
    }
  }
}

/** The value of an output (secrets unwrapped). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}

/** An input as the engine received it, with Pulumi's secret wrapper removed. */
export function unsecret<T = unknown>(value: unknown): T {
  if (value !== null && typeof value === 'object' && (value as Record<string, unknown>)[specialSigKey] === specialSecretSig)
    return (value as { value: T }).value;
  return value as T;
}
