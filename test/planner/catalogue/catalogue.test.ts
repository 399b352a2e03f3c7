import {
  AWS_INSTANCE_TYPES,
  architectureFromSpec,
  CUDA_CONTEXT_BYTES,
  GCP_INSTANCE_TYPES,
  GPU_MODELS,
  gpuModel,
  instanceType,
  instanceTypes,
  type MigProfile,
  migProfile,
  MODEL_ARCHITECTURES,
  modelArchitecture,
  PRICE_SOURCE,
  region,
  REGIONS,
  regions,
  SOURCES,
  activeParams,
} from '../../../planner/catalogue';
import { GPU_IDS, MODEL_IDS } from '../../../planner/spec/schema';

/** True when every profile can be given one of its start slots without overlapping memory slots. */
function placeable(profiles: readonly MigProfile[], slots = 8): boolean {
  const sorted = [...profiles].sort((a, b) => b.memorySlots - a.memorySlots);
  const used = new Array<boolean>(slots).fill(false);
  const place = (i: number): boolean => {
    if (i === sorted.length) return true;
    const p = sorted[i]!;
    for (const start of p.startSlots) {
      const range = Array.from({ length: p.memorySlots }, (_, k) => start + k);
      if (range.some((s) => s >= slots || used[s])) continue;
      range.forEach((s) => (used[s] = true));
      if (place(i + 1)) return true;
      range.forEach((s) => (used[s] = false));
    }
    return false;
  };
  return place(0);
}

function profiles(gpu: (typeof GPU_IDS)[number], mix: Readonly<Record<string, number>>): MigProfile[] {
  return Object.entries(mix).flatMap(([name, n]) => {
    const p = migProfile(gpu, name);
    if (!p) throw new Error(`no profile ${name} on ${gpu}`);
    return Array.from({ length: n }, () => p);
  });
}

describe('sources', () => {
  const used = [
    ...GPU_MODELS.map((g) => g.source),
    ...AWS_INSTANCE_TYPES.map((t) => t.source),
    ...GCP_INSTANCE_TYPES.map((t) => t.source),
    ...REGIONS.map((r) => r.source),
    ...MODEL_ARCHITECTURES.map((m) => m.source),
  ];
  it.each([...new Set(used)].sort())('source key %s is defined with a title, url and date', (key) => {
    const s = SOURCES[key];
    expect(s).toBeDefined();
    expect(s!.title.length).toBeGreaterThan(10);
    expect(s!.url.length).toBeGreaterThan(5);
    expect(s!.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('states where prices come from and when', () => {
    expect(PRICE_SOURCE).toContain('2026-07-20');
    expect(PRICE_SOURCE).toContain('2026-08-03');
  });
});

describe('GPU models', () => {
  it('covers every GPU id of the schema, in order', () => {
    expect(GPU_MODELS.map((g) => g.id)).toEqual([...GPU_IDS]);
  });

  it.each(GPU_MODELS.map((g) => [g.id, g] as const))('%s has positive specs and a product label', (_id, g) => {
    expect(g.memoryMiB).toBeGreaterThan(10_000);
    expect(g.sms).toBeGreaterThan(0);
    expect(g.bf16Tflops).toBeGreaterThan(0);
    expect(g.productLabel).toMatch(/^(NVIDIA|Tesla)-/);
  });

  it('uses measured CUDA-visible memory for H100 and H200', () => {
    expect(gpuModel('H100-80GB').memoryMiB).toBe(81_079);
    expect(gpuModel('H200-141GB').memoryMiB).toBe(143_155);
    expect(CUDA_CONTEXT_BYTES).toBe(552_402_944);
  });

  it('gives MIG profiles exactly to the MIG-capable GPUs, with device ids', () => {
    const mig = GPU_MODELS.filter((g) => g.migProfiles.length > 0).map((g) => g.id);
    expect(mig).toEqual(['H100-80GB', 'H200-141GB', 'A100-80GB', 'A100-40GB']);
    for (const g of GPU_MODELS) {
      expect(g.migMemorySlots).toBe(g.migProfiles.length > 0 ? 8 : 0);
      expect(g.pciDeviceId !== undefined).toBe(g.migProfiles.length > 0);
    }
    expect(gpuModel('H100-80GB').pciDeviceId).toBe('0x233010DE');
  });

  it('leaves +me profiles out of the plannable list', () => {
    for (const g of GPU_MODELS) for (const p of g.migProfiles) expect(p.name).not.toContain('+me');
  });

  it('reproduces the measured H100 table', () => {
    const byName = Object.fromEntries(gpuModel('H100-80GB').migProfiles.map((p) => [p.name, p]));
    expect(byName['1g.10gb']).toEqual({
      name: '1g.10gb',
      computeSlices: 1,
      memorySlots: 1,
      memoryMiB: 9984,
      sms: 16,
      startSlots: [0, 1, 2, 3, 4, 5, 6],
      maxPerGpu: 7,
    });
    expect(byName['1g.20gb']).toMatchObject({ memorySlots: 2, memoryMiB: 20096, startSlots: [0, 2, 4, 6], maxPerGpu: 4 });
    expect(byName['2g.20gb']).toMatchObject({ computeSlices: 2, startSlots: [0, 2, 4], maxPerGpu: 3 });
    expect(byName['3g.40gb']).toMatchObject({ computeSlices: 3, memorySlots: 4, memoryMiB: 40448, startSlots: [0, 4], maxPerGpu: 2 });
    expect(byName['4g.40gb']).toMatchObject({ computeSlices: 4, memorySlots: 4, startSlots: [0], maxPerGpu: 1 });
    expect(byName['7g.80gb']).toMatchObject({ computeSlices: 7, memorySlots: 8, memoryMiB: 81152, sms: 132 });
  });

  it('uses the NVML memory of the H200 profiles', () => {
    expect(gpuModel('H200-141GB').migProfiles.map((p) => [p.name, p.memoryMiB])).toEqual([
      ['1g.18gb', 16384],
      ['1g.35gb', 33280],
      ['2g.35gb', 33280],
      ['3g.71gb', 71424],
      ['4g.71gb', 71424],
      ['7g.141gb', 143360],
    ]);
  });

  it.each(['H100-80GB', 'H200-141GB', 'A100-80GB', 'A100-40GB'] as const)('%s: maxPerGpu instances of each profile fit, one more does not', (id) => {
    for (const p of gpuModel(id).migProfiles) {
      expect(placeable(Array.from({ length: p.maxPerGpu }, () => p))).toBe(true);
      expect(placeable(Array.from({ length: p.maxPerGpu + 1 }, () => p))).toBe(false);
    }
  });

  it.each([
    ['4g + 3g fits (4g@0, 3g@4)', { '4g.40gb': 1, '3g.40gb': 1 }, true],
    ['3g + 3g + 1g does not fit despite 7 compute slices', { '3g.40gb': 2, '1g.10gb': 1 }, false],
    ['7 x 1g fits', { '1g.10gb': 7 }, true],
    ['3g + 2 x 2g fits', { '3g.40gb': 1, '2g.20gb': 2 }, true],
    ['4g + 2g + 1g fits', { '4g.40gb': 1, '2g.20gb': 1, '1g.10gb': 1 }, true],
    ['7g + 1g does not fit', { '7g.80gb': 1, '1g.10gb': 1 }, false],
    ['4 x 1g.20gb fits', { '1g.20gb': 4 }, true],
    ['1g.20gb + 6 x 1g.10gb fits', { '1g.20gb': 1, '1g.10gb': 6 }, true],
    ['4g + 4g does not fit', { '4g.40gb': 2 }, false],
  ] as const)('H100 placement: %s', (_name, mix, expected) => {
    expect(placeable(profiles('H100-80GB', mix))).toBe(expected);
  });

  it('A100-40GB follows the same geometry with its own names', () => {
    expect(placeable(profiles('A100-40GB', { '4g.20gb': 1, '3g.20gb': 1 }))).toBe(true);
    expect(placeable(profiles('A100-40GB', { '3g.20gb': 2, '1g.5gb': 1 }))).toBe(false);
    expect(migProfile('A100-40GB', '1g.10gb')).toMatchObject({ memorySlots: 2, maxPerGpu: 4, memoryMiB: 9856 });
  });

  it('names the unknown id and the known ones', () => {
    expect(() => gpuModel('B200' as never)).toThrow(/unknown GPU model 'B200'; known: H100-80GB, H200-141GB/);
  });
});

describe('instance types', () => {
  const all = [...instanceTypes('eks'), ...instanceTypes('gke')];

  it('every type has positive resources, a positive price, a spot multiplier in (0, 1) and a known GPU', () => {
    for (const t of all) {
      expect(t.vcpus).toBeGreaterThan(0);
      expect(t.memoryMiB).toBeGreaterThan(0);
      expect(t.hourlyPrice).toBeGreaterThan(0);
      expect(t.spotDiscount).toBeGreaterThan(0);
      expect(t.spotDiscount).toBeLessThan(1);
      if (t.gpuModel === null) expect(t.gpus).toBe(0);
      else {
        expect(t.gpus).toBeGreaterThan(0);
        expect(GPU_IDS).toContain(t.gpuModel);
      }
    }
  });

  it('names are unique and sorted per provider', () => {
    for (const p of ['eks', 'gke'] as const) {
      const names = instanceTypes(p).map((t) => t.name);
      expect(new Set(names).size).toBe(names.length);
      expect(names).toEqual([...names].sort());
      expect(instanceTypes(p).every((t) => t.provider === p)).toBe(true);
    }
  });

  it.each([
    ['p5.48xlarge', 'H100-80GB', 8, 192, 55.04],
    ['p4d.24xlarge', 'A100-40GB', 8, 96, 21.957642],
    ['p5en.48xlarge', 'H200-141GB', 8, 192, 63.296],
    ['g4dn.4xlarge', 'T4', 1, 16, 1.204],
    ['g4dn.8xlarge', 'T4', 1, 32, 2.176],
    ['g5.4xlarge', 'A10G', 1, 16, 1.624],
    ['g5.8xlarge', 'A10G', 1, 32, 2.448],
    ['g6.4xlarge', 'L4', 1, 16, 1.3232],
    ['g6.8xlarge', 'L4', 1, 32, 2.0144],
    ['g6e.4xlarge', 'L40S', 1, 16, 3.00424],
    ['g6e.8xlarge', 'L40S', 1, 32, 4.52856],
    ['g6e.48xlarge', 'L40S', 8, 192, 30.13118],
  ] as const)('AWS %s: %s x%d, %d vCPU, $%d/h', (name, gpu, gpus, vcpus, price) => {
    expect(instanceType('eks', name)).toMatchObject({ gpuModel: gpu, gpus, vcpus, hourlyPrice: price });
  });

  it('leaves out types without a price or a catalogue GPU', () => {
    expect(instanceTypes('eks').map((t) => t.name)).not.toContain('p5e.48xlarge');
    expect(instanceTypes('eks').map((t) => t.name)).not.toContain('p6-b200.48xlarge');
  });

  it('has CPU types for system pools on both providers', () => {
    expect(instanceType('eks', 'm6i.large')).toMatchObject({ gpuModel: null, vcpus: 2, memoryMiB: 8192 });
    expect(instanceType('gke', 'n2-standard-4')).toMatchObject({ gpuModel: null, vcpus: 4, memoryMiB: 16_384 });
  });

  it.each([
    ['a3-highgpu-8g', 'H100-80GB', 8, 208, 88.49],
    ['a2-ultragpu-1g', 'A100-80GB', 1, 12, 5.068798],
    ['g2-standard-24', 'L4', 2, 24, 2.000833],
  ] as const)('GCP %s: %s x%d, %d vCPU, $%d/h', (name, gpu, gpus, vcpus, price) => {
    expect(instanceType('gke', name)).toMatchObject({ gpuModel: gpu, gpus, vcpus, hourlyPrice: price });
  });

  it('says which instance type is unknown', () => {
    expect(() => instanceType('eks', 'p9.huge')).toThrow(/unknown eks instance type 'p9.huge'/);
  });
});

describe('regions', () => {
  it.each(REGIONS.map((r) => [r.provider, r.name, r] as const))('%s %s: zones belong to the region', (_p, name, r) => {
    expect(r.zones.length).toBeGreaterThan(0);
    for (const z of r.zones) expect(z.startsWith(name)).toBe(true);
    expect(new Set(r.zones).size).toBe(r.zones.length);
    expect(r.priceFactor).toBeGreaterThan(0);
  });

  it('has price factor 1 in the reference regions', () => {
    expect(region('eks', 'us-east-1').priceFactor).toBe(1);
    expect(region('gke', 'us-central1').priceFactor).toBe(1);
  });

  it('lists the expected zones', () => {
    expect(region('eks', 'us-east-1').zones).toHaveLength(6);
    expect(region('gke', 'us-central1').zones).toEqual(['us-central1-a', 'us-central1-b', 'us-central1-c', 'us-central1-f']);
    expect(regions('eks').map((r) => r.name)).toEqual(['eu-west-1', 'us-east-1', 'us-west-2']);
  });

  it('names only catalogue instance types as unavailable', () => {
    for (const r of REGIONS) {
      const names = instanceTypes(r.provider).map((t) => t.name);
      for (const u of r.unavailable ?? []) expect(names).toContain(u);
    }
  });

  it('names the unknown region and the known ones', () => {
    expect(() => region('gke', 'mars-north1')).toThrow("unknown gke region 'mars-north1'; the catalogue knows: europe-west4, us-central1, us-east4");
  });
});

describe('model architectures', () => {
  it('covers every model id of the schema, in order', () => {
    expect(MODEL_ARCHITECTURES.map((m) => m.id)).toEqual([...MODEL_IDS]);
  });

  it.each([
    ['llama-3.2-1b', 1.235814e9],
    ['llama-3.1-8b', 8.03e9],
    ['llama-3.1-70b', 70.55e9],
    ['llama-3.1-405b', 405.85e9],
    ['mistral-7b', 7.24e9],
    ['mixtral-8x7b', 46.7e9],
    ['qwen2.5-7b', 7.62e9],
    ['qwen2.5-14b', 14.77e9],
    ['qwen2.5-32b', 32.76e9],
    ['qwen2.5-72b', 72.71e9],
    ['gemma-2-9b', 9.24e9],
    ['gemma-2-27b', 27.23e9],
    ['phi-3-mini', 3.82e9],
  ] as const)('%s has %d parameters (within 1 %% of the fact sheet)', (id, expected) => {
    const params = modelArchitecture(id).params;
    expect(Math.abs(params - expected) / expected).toBeLessThan(0.01);
  });

  it('matches the measured llama-3.2-1b exactly, with tied embeddings', () => {
    expect(modelArchitecture('llama-3.2-1b')).toMatchObject({ params: 1_235_814_400, tiedEmbeddings: true });
  });

  it('knows Mixtral routes 2 of 8 experts (12.9B active)', () => {
    const m = modelArchitecture('mixtral-8x7b');
    expect(m).toMatchObject({ experts: 8, activeExperts: 2 });
    expect(Math.abs(activeParams(m) - 12.88e9) / 12.88e9).toBeLessThan(0.01);
    expect(activeParams(modelArchitecture('llama-3.1-8b'))).toBe(modelArchitecture('llama-3.1-8b').params);
  });

  it('turns an inline architecture into one named after it', () => {
    const inline = {
      params: 1_235_814_400,
      layers: 16,
      hiddenSize: 2048,
      intermediateSize: 8192,
      attentionHeads: 32,
      kvHeads: 8,
      headDim: 64,
      vocabSize: 128_256,
    };
    expect(architectureFromSpec({ ...inline, name: 'my-1b' })).toMatchObject({
      id: 'my-1b',
      params: 1_235_814_400,
      tiedEmbeddings: true,
      source: 'platform-file',
    });
    expect(architectureFromSpec(inline).id).toBe('custom');
    expect(architectureFromSpec({ ...inline, params: 1_498_482_688 }).tiedEmbeddings).toBe(false);
    expect(architectureFromSpec('qwen2.5-7b')).toBe(modelArchitecture('qwen2.5-7b'));
  });

  it('names the unknown model and the known ones', () => {
    expect(() => modelArchitecture('gpt-5' as never)).toThrow(/unknown model 'gpt-5'; known: llama-3.2-1b, llama-3.1-8b/);
  });
});
