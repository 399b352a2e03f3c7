/**
 * The VPC an EKS GPU cluster lives in: one public and one private subnet per zone, an internet
 * gateway, and one NAT gateway so nodes in private subnets can pull images.
 */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

import { ComponentArgsError } from '../validation';

/** The VPC's address range; subnets are carved from it by zone index. */
export const VPC_CIDR = '10.0.0.0/16';
/** Most zones the address plan supports (four /19 private and four /22 public subnets). */
export const MAX_ZONES = 4;

/**
 * Whether a zone is written as an AWS zone ID (`use1-az1`, the same physical zone in every
 * account) rather than a zone name (`us-east-1a`, mapped per account).
 */
export function isZoneId(zone: string): boolean {
  return /^[a-z]{2,4}[0-9]+-az[0-9]+$/.test(zone);
}

/**
 * The subnet argument that puts a subnet in `zone`: `availabilityZoneId` for a zone ID,
 * `availabilityZone` for a name (both are `ec2.Subnet` arguments of @pulumi/aws).
 */
export function subnetZone(zone: string): { availabilityZoneId: string } | { availabilityZone: string } {
  return isZoneId(zone) ? { availabilityZoneId: zone } : { availabilityZone: zone };
}

/** Subnets of one zone. */
export interface ZoneSubnets {
  readonly zone: string;
  readonly public: aws.ec2.Subnet;
  readonly private: aws.ec2.Subnet;
}

/** What `createNetwork` creates. */
export interface Network {
  readonly vpc: aws.ec2.Vpc;
  /** In the order of the zones passed in. */
  readonly zones: readonly ZoneSubnets[];
}

/**
 * CIDR blocks of zone `index`: a /19 private subnet (pods take VPC addresses with the VPC CNI, so
 * it is large) and a /22 public subnet for load balancers and the NAT gateway.
 */
export function zoneCidrs(index: number): { privateCidr: string; publicCidr: string } {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_ZONES) {
    throw new ComponentArgsError('zones', `zone index ${index} is outside the address plan (0..${MAX_ZONES - 1})`);
  }
  return { privateCidr: `10.0.${index * 32}.0/19`, publicCidr: `10.0.${128 + index * 4}.0/22` };
}

/**
 * Creates the VPC and its subnets as children of `parent`.
 *
 * The VPC and the private subnets are retained on delete: MLflow's database lives in them and
 * outlives a `pulumi destroy` (decision 0010); everything else here is deleted.
 *
 * @param name component name; resource names are `${name}-<role>`
 * @param clusterName the EKS cluster's name, for the `kubernetes.io/cluster/<name>` tag that the
 *   AWS Load Balancer Controller and the cloud provider match subnets by
 */
export function createNetwork(name: string, zones: readonly string[], clusterName: string, opts: pulumi.CustomResourceOptions): Network {
  const tags = { [`kubernetes.io/cluster/${clusterName}`]: 'shared' };
  const retained: pulumi.CustomResourceOptions = { ...opts, retainOnDelete: true };
  const vpc = new aws.ec2.Vpc(
    `${name}-vpc`,
    { cidrBlock: VPC_CIDR, enableDnsHostnames: true, enableDnsSupport: true, tags: { ...tags, Name: `${name}-vpc` } },
    retained,
  );
  const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: { Name: `${name}-igw` } }, opts);
  const publicRoutes = new aws.ec2.RouteTable(
    `${name}-public-rt`,
    { vpcId: vpc.id, routes: [{ cidrBlock: '0.0.0.0/0', gatewayId: igw.id }], tags: { Name: `${name}-public` } },
    opts,
  );

  const subnets = zones.map((zone, i) => {
    const { privateCidr, publicCidr } = zoneCidrs(i);
    const pub = new aws.ec2.Subnet(
      `${name}-public-${zone}`,
      {
        vpcId: vpc.id,
        ...subnetZone(zone),
        cidrBlock: publicCidr,
        mapPublicIpOnLaunch: true,
        tags: { ...tags, Name: `${name}-public-${zone}`, 'kubernetes.io/role/elb': '1' },
      },
      opts,
    );
    const priv = new aws.ec2.Subnet(
      `${name}-private-${zone}`,
      {
        vpcId: vpc.id,
        ...subnetZone(zone),
        cidrBlock: privateCidr,
        tags: { ...tags, Name: `${name}-private-${zone}`, 'kubernetes.io/role/internal-elb': '1' },
      },
      retained,
    );
    new aws.ec2.RouteTableAssociation(`${name}-public-${zone}`, { subnetId: pub.id, routeTableId: publicRoutes.id }, opts);
    return { zone, public: pub, private: priv };
  });

  // One NAT gateway keeps the bill small; a zone outage cuts egress for the others, which is
  // acceptable for image pulls (nodes keep running) and easy to change per zone later.
  const eip = new aws.ec2.Eip(`${name}-nat`, { domain: 'vpc', tags: { Name: `${name}-nat` } }, opts);
  const nat = new aws.ec2.NatGateway(
    `${name}-nat`,
    { subnetId: subnets[0]!.public.id, allocationId: eip.id, tags: { Name: `${name}-nat` } },
    { ...opts, dependsOn: [igw] },
  );
  const privateRoutes = new aws.ec2.RouteTable(
    `${name}-private-rt`,
    { vpcId: vpc.id, routes: [{ cidrBlock: '0.0.0.0/0', natGatewayId: nat.id }], tags: { Name: `${name}-private` } },
    opts,
  );
  for (const s of subnets) {
    new aws.ec2.RouteTableAssociation(`${name}-private-${s.zone}`, { subnetId: s.private.id, routeTableId: privateRoutes.id }, opts);
  }
  return { vpc, zones: subnets };
}
