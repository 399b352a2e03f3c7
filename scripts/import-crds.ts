/**
 * Regenerates the typed CRD bindings in `constructs/imports/` from the upstream CRD files vendored
 * next to the repository (`../shared/crds`, see its SOURCES.md for tags and commits).
 *
 * Runs `cdk8s import` offline on local files only. Each CRD is reduced to its storage version first
 * (the version our constructs render), so the bindings carry one class per kind with the plain kind
 * name and stay a fraction of the size of an all-versions import. Core Kubernetes types are not
 * generated here: they come from `cdk8s-plus-28`'s bundled `k8s` module.
 *
 * Usage: `npx ts-node scripts/import-crds.ts [CRD_DIR]` (default `../shared/crds`). An upgrade is
 * this script's output as one reviewed diff plus a note in `docs/upgrading.md`.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';

/** One generated module: an API group and the CRD files (relative to the CRD folder) it binds. */
interface ImportGroup {
  readonly group: string;
  readonly files: readonly string[];
}

/** The CRDs our constructs render, one module per API group. */
const GROUPS: readonly ImportGroup[] = [
  {
    group: 'kueue.x-k8s.io',
    files: [
      'kueue/kueue.x-k8s.io_resourceflavors.yaml',
      'kueue/kueue.x-k8s.io_clusterqueues.yaml',
      'kueue/kueue.x-k8s.io_localqueues.yaml',
      'kueue/kueue.x-k8s.io_workloadpriorityclasses.yaml',
      'kueue/kueue.x-k8s.io_cohorts.yaml',
    ],
  },
  { group: 'serving.kserve.io', files: ['kserve/serving.kserve.io_inferenceservices.yaml', 'kserve/serving.kserve.io_servingruntimes.yaml'] },
  { group: 'ray.io', files: ['kuberay/ray.io_rayclusters.yaml', 'kuberay/ray.io_rayjobs.yaml'] },
  {
    group: 'trainer.kubeflow.org',
    files: ['kubeflow-trainer/trainer.kubeflow.org_trainjobs.yaml', 'kubeflow-trainer/trainer.kubeflow.org_clustertrainingruntimes.yaml'],
  },
  { group: 'nvidia.com', files: ['gpu-operator/nvidia.com_clusterpolicies.yaml'] },
  {
    group: 'monitoring.coreos.com',
    files: [
      'prometheus-operator/monitoring.coreos.com_servicemonitors.yaml',
      'prometheus-operator/monitoring.coreos.com_podmonitors.yaml',
      'prometheus-operator/monitoring.coreos.com_prometheusrules.yaml',
    ],
  },
];

interface CrdVersion {
  readonly name: string;
  readonly storage?: boolean;
}

/** Keeps only the storage version of a CRD document. */
function storageVersionOnly(doc: Record<string, unknown>, file: string): Record<string, unknown> {
  const spec = doc['spec'] as { versions?: CrdVersion[] } | undefined;
  const versions = spec?.versions ?? [];
  const storage = versions.filter((v) => v.storage === true);
  if (storage.length !== 1) {
    throw new Error(`${file}: expected exactly one storage version, found ${storage.length}; check the CRD file`);
  }
  return { ...doc, spec: { ...spec, versions: storage } };
}

function main(): void {
  const root = path.resolve(__dirname, '..');
  const crdDir = path.resolve(process.argv[2] ?? path.join(root, '..', 'shared', 'crds'));
  const outDir = path.join(root, 'constructs', 'imports');
  const cdk8s = path.join(root, 'node_modules', '.bin', 'cdk8s');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cnai-crds-'));
  try {
    for (const g of GROUPS) {
      const docs = g.files.flatMap((f) =>
        parseAllDocuments(fs.readFileSync(path.join(crdDir, f), 'utf8'))
          .map((d) => d.toJS() as Record<string, unknown> | null)
          .filter((d): d is Record<string, unknown> => d !== null)
          .map((d) => storageVersionOnly(d, f)),
      );
      const input = path.join(work, `${g.group}.yaml`);
      fs.writeFileSync(input, docs.map((d) => stringify(d)).join('---\n'));
      execFileSync(cdk8s, ['import', '--no-save', '--no-check-upgrade', '-l', 'typescript', '-o', work, input], { stdio: 'inherit', cwd: work });
      fs.copyFileSync(path.join(work, `${g.group}.ts`), path.join(outDir, `${g.group}.ts`));
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main();
