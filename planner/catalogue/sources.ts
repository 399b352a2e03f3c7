/**
 * Where every catalogue number comes from. Each catalogue entry names one of these keys in its
 * `source` field; tests check that every key used is defined here.
 */

/** One source of catalogue data. */
export interface CatalogueSource {
  /** What the source is. */
  readonly title: string;
  /** Where to read it (a URL, or a repository path at a commit). */
  readonly url: string;
  /** When the data was read, `YYYY-MM-DD`. */
  readonly retrieved: string;
}

/** The date the catalogue was last reviewed against its sources. */
export const CATALOGUE_REVIEWED = '2026-11-27';

/** Every source the catalogue cites, by key. */
export const SOURCES: Readonly<Record<string, CatalogueSource>> = {
  'DEV-H100': {
    title: 'Measured on an NVIDIA H100 80GB HBM3 (PCI 0x233010DE, driver 580.159.04): NVML profile info and placements, CUDA-visible memory, bare CUDA context',
    url: 'reference/gpu-facts.md#sources (DEV-H100); measured rows in test/planner/sizing/calibration-data.ts',
    retrieved: '2026-11-27',
  },
  'DEV-H200': {
    title: 'Measured on an NVIDIA H200 (PCI 0x233510DE, driver 580.159.04): NVML profile info and placements, CUDA-visible memory',
    url: 'reference/gpu-facts.md#sources (DEV-H200)',
    retrieved: '2026-11-27',
  },
  'H100-CALIBRATION': {
    title: 'llama-3.2-1b inference and training peaks measured on an H100 80GB HBM3 (PyTorch 2.11, transformers 5.17, SDPA)',
    url: 'test/planner/sizing/calibration-data.ts (the measured rows)',
    retrieved: '2026-11-27',
  },
  'GONVML-A100': {
    title: 'NVIDIA go-nvml A100 mock (MIG profile memory and SMs; mock data, placement assumed equal to H100)',
    url: 'https://github.com/NVIDIA/go-nvml/blob/663b8558/pkg/nvml/mock/internal/shared/gpus/a100.go',
    retrieved: '2026-11-27',
  },
  'MIG-PROF': {
    title: 'NVIDIA MIG user guide: supported MIG profiles',
    url: 'https://docs.nvidia.com/datacenter/tesla/mig-user-guide/supported-mig-profiles.html',
    retrieved: '2026-11-27',
  },
  'PARTED-CFG': {
    title: 'NVIDIA mig-parted default config (profile names, counts, device filters)',
    url: 'https://github.com/NVIDIA/mig-parted/blob/1400787269cadb4f91db863a4b9f9af5c8fabcd7/deployments/systemd/config-default.yaml',
    retrieved: '2026-11-27',
  },
  'NV-DATASHEETS': {
    title: 'NVIDIA product datasheets (A100, L40S, L4, A10, T4): SM counts and dense tensor TFLOPS; A10G figure is an estimate (AWS publishes none)',
    url: 'https://www.nvidia.com/en-us/data-center/products/',
    retrieved: '2026-11-27',
  },
  GFD: {
    title: 'NVIDIA gpu-feature-discovery label table (nvidia.com/gpu.product values)',
    url: 'https://github.com/NVIDIA/gpu-feature-discovery#generated-labels',
    retrieved: '2026-11-27',
  },
  'CA-GKE': {
    title: 'GKE accelerator names and labels as used by Cluster Autoscaler',
    url: 'https://github.com/kubernetes/autoscaler/tree/master/cluster-autoscaler/cloudprovider/gce',
    retrieved: '2026-11-27',
  },
  'KP-IT': {
    title: 'Karpenter instance-type reference generated from EC2 DescribeInstanceTypes',
    url: 'https://github.com/aws/karpenter-provider-aws/blob/1d927085dd81/website/content/en/preview/reference/instance-types.md',
    retrieved: '2026-11-27',
  },
  'KP-PRICE': {
    title: 'Karpenter generated on-demand price table, "generated at 2026-07-20 for us-east-1"',
    url: 'https://github.com/aws/karpenter-provider-aws/blob/1d927085dd81/pkg/providers/pricing/zz_generated.pricing_aws.go',
    retrieved: '2026-11-27',
  },
  'SKY-GCP': {
    title: 'SkyPilot catalog v8 GCP vms.csv (vCPU, memory)',
    url: 'https://github.com/skypilot-org/skypilot-catalog/blob/006059e0/catalogs/v8/gcp/vms.csv',
    retrieved: '2026-11-27',
  },
  'GCP-PRICE': {
    title: 'karpenter-provider-gcp initial-prices.json (on-demand, us-central1, file commit 2026-08-03; prices include attached GPUs)',
    url: 'https://github.com/cloudpilot-ai/karpenter-provider-gcp/blob/417f047b/pkg/providers/pricing/initial-prices.json',
    retrieved: '2026-11-27',
  },
  KIND: {
    title: 'kind (Kubernetes in Docker): nodes are containers on the host, with no GPUs and no price; the host decides their size',
    url: 'https://kind.sigs.k8s.io/docs/user/configuration/',
    retrieved: '2026-12-01',
  },
  'SPOT-ESTIMATE': {
    title: 'Catalogue estimate of the spot price as a fraction of on-demand, per family (not a quoted price; spot prices move hourly)',
    url: 'https://aws.amazon.com/ec2/spot/pricing/ ; https://cloud.google.com/spot-vms/pricing',
    retrieved: '2026-11-27',
  },
  'AWS-REGIONS': {
    title: 'AWS regions and availability zones',
    url: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-regions-availability-zones.html',
    retrieved: '2026-11-27',
  },
  'SKY-ZONES-AWS': {
    title:
      'SkyPilot catalog v8 AWS vms.csv: one row per instance type and availability zone ID (EC2 DescribeInstanceTypeOfferings by zone ID); p4d, p4de, p5, p5en, g4dn, g5, g6, g6e, c6i, c7i, m6i, m7i and r6i rows read',
    url: 'https://github.com/skypilot-org/skypilot-catalog/blob/00148f2af3672e2229b4f7bf8157d5a3f36e3c35/catalogs/v8/aws/vms.csv',
    retrieved: '2026-12-01',
  },
  'SKY-ZONES-GCP': {
    title: 'SkyPilot catalog v8 GCP vms.csv: one row per machine type and zone; A2, A3 High, G2, E2 standard, N2 standard and C3 standard rows read',
    url: 'https://github.com/skypilot-org/skypilot-catalog/blob/006059e0f18acb1341e22a27751e9f80df6ba92f/catalogs/v8/gcp/vms.csv',
    retrieved: '2026-12-01',
  },
  'GCP-REGIONS': {
    title: 'Google Cloud regions and zones',
    url: 'https://cloud.google.com/compute/docs/regions-zones',
    retrieved: '2026-11-27',
  },
  MLC: {
    title: 'mlc-llm model presets (copies of Hugging Face config.json)',
    url: 'https://github.com/mlc-ai/mlc-llm/blob/79d603f0/python/mlc_llm/model/model_preset.py',
    retrieved: '2026-11-27',
  },
  LLMPROF: {
    title: 'LLM-Prof Model_Config.md (copies of Hugging Face config.json)',
    url: 'https://github.com/citsjtu2020/LLM-Prof/blob/8434c8d1/sglang/Model_Config.md',
    retrieved: '2026-11-27',
  },
  L405: {
    title: 'Llama-3.1-405B config.json (several consistent independent copies)',
    url: 'reference/gpu-facts.md#c4-model-architectures-from-configjson-copies-and-derived-sizes',
    retrieved: '2026-11-27',
  },
  Q72B: {
    title: 'Qwen2.5-72B-Instruct config.json copy',
    url: 'reference/gpu-facts.md#c4-model-architectures-from-configjson-copies-and-derived-sizes',
    retrieved: '2026-11-27',
  },
  'MIXTRAL-CFG': {
    title: 'Mixtral-8x7B config (Hugging Face MixtralConfig) and paper arXiv:2401.04088 (46.7B total / 12.9B active)',
    url: 'https://arxiv.org/abs/2401.04088',
    retrieved: '2026-11-27',
  },
  'VLLM-ARGS': {
    title: 'vLLM EngineArgs.get_batch_defaults: max_num_batched_tokens 8192 for the OpenAI server on GPUs with >= 70 GiB',
    url: 'https://github.com/vllm-project/vllm/blob/main/vllm/engine/arg_utils.py',
    retrieved: '2026-11-27',
  },
};

/** The price sources of the catalogue and their dates, for cost reports. */
export const PRICE_SOURCE =
  "AWS: on-demand us-east-1 list prices from Karpenter's generated price table (generated 2026-07-20); " +
  'GCP: on-demand us-central1 prices from karpenter-provider-gcp initial-prices.json (2026-08-03); ' +
  'other regions scaled by a documented per-region factor; spot = on-demand x a catalogue estimate per family';
