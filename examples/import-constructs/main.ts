/**
 * Using the platform's constructs from another repository, without the planner: one GPU pool's
 * ResourceFlavor, a team's ClusterQueue with a hand-written quota, and its LocalQueue.
 *
 * In another repository the import reads `from 'cnai-platform'`; here it is the package root.
 */
import { App, Chart } from 'cdk8s';

import { GpuClusterQueue, PoolResourceFlavor, TeamLocalQueue } from '../../index';

/** The queue objects for team `vision`: 4 L4 GPUs on pool `l4-pool`, borrowing in cohort `acme-ml`. */
export function buildChart(app: App): Chart {
  const chart = new Chart(app, 'vision-queues');
  const flavor = new PoolResourceFlavor(chart, 'l4-pool', {
    nodeTaints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }],
  });
  const queue = new GpuClusterQueue(chart, 'vision', {
    cohort: 'acme-ml',
    resourceGroups: [
      {
        coveredResources: ['cpu', 'memory', 'nvidia.com/gpu'],
        flavors: [
          {
            name: flavor.flavorName,
            resources: [
              { name: 'cpu', nominalQuota: 32_000 },
              { name: 'memory', nominalQuota: 128 * 1024 ** 3 },
              { name: 'nvidia.com/gpu', nominalQuota: 4, borrowingLimit: 4 },
            ],
          },
        ],
      },
    ],
  });
  new TeamLocalQueue(chart, 'vision-queue', { namespace: 'team-vision', clusterQueue: queue.queueName });
  return chart;
}

if (require.main === module) {
  const app = new App();
  buildChart(app);
  process.stdout.write(app.synthYaml());
}
