/**
 * Platform-file checks for what the rendered objects need at run time: a training program, and a
 * Hugging Face token for gated models.
 */
import { HUGGING_FACE_REPOS, HUGGING_FACE_REVIEWED } from '../../../planner/catalogue/hugging-face';
import { plan } from '../../../planner/plan';
import { parsePlatform, validatePlatform } from '../../../planner/spec/parse';
import { MODEL_IDS } from '../../../planner/spec/schema';
import { batch, inference, platform, toYaml, training } from '../../helpers/platform-builders';

type Workloads = Parameters<typeof platform>[0]['workloads'];

/** An EKS platform file; `tokenSecret` sets spec.huggingFace. */
const eks = (workloads: Workloads, tokenSecret?: string): string => {
  const spec = platform({ workloads, teams: [{ name: 'research' }] });
  return toYaml(tokenSecret === undefined ? spec : { ...spec, spec: { ...spec.spec, huggingFace: { tokenSecret } } });
};

describe('training program', () => {
  it('is an error when a training workload has neither a command nor an image', () => {
    const result = validatePlatform(eks([training('ft', 'research', 'mistral-7b')]), 'p.yaml');
    expect(result.issues.map((i) => `${i.path}: ${i.message.replace(/ \(at [^)]*\)/, '')} | ${i.fix}`)).toEqual([
      'spec.workloads[0]: training workload "ft" has no command and no image, so nothing would train; allowed: a command (e.g. command: [torchrun, /workspace/train.py]), or an image whose entrypoint trains | add command: [torchrun, <your script>] (Trainer sets the PET_* distributed env torchrun reads), or set image to one whose entrypoint trains',
    ]);
  });

  it('accepts a command or an image, and the plan carries the command and args', () => {
    expect(validatePlatform(eks([training('ft', 'research', 'mistral-7b', { image: 'ghcr.io/acme/train:1' })]), 'p.yaml').issues).toEqual([]);
    const spec = parsePlatform(eks([training('ft', 'research', 'mistral-7b', { command: ['torchrun', 'train.py'], args: ['--lr=1e-5'] })]), 'p.yaml');
    const w = plan(spec).workloads.find((x) => x.name === 'ft')!;
    expect(w.command).toEqual(['torchrun', 'train.py']);
    expect(w.args).toEqual(['--lr=1e-5']);
  });

  it('warns about a batch job with neither a command nor an image', () => {
    const result = validatePlatform(eks([batch('etl', 'research', { resources: { cpu: 1, memory: '1Gi' } })]), 'p.yaml');
    expect(result.issues).toEqual([]);
    expect(result.warnings?.map((w) => w.message.replace(/ \(at [^)]*\)/, ''))).toEqual([
      'batch workload "etl" has no command and no image: its Job only checks that PyTorch sees a GPU and exits',
    ]);
  });
});

describe('Hugging Face token', () => {
  it('warns when a gated catalogue model is served without spec.huggingFace, and not with it', () => {
    const file = [inference('chat', 'research', 'llama-3.1-8b'), inference('qwen', 'research', 'qwen2.5-7b')];
    const result = validatePlatform(eks(file), 'p.yaml');
    expect(result.spec).toBeDefined();
    expect(result.warnings?.map((w) => `${w.path}: ${w.message.replace(/ \(at [^)]*\)/, '')}`)).toEqual([
      'spec.workloads[0].model: model "llama-3.1-8b" of workload "chat" is gated on Hugging Face (meta-llama/Llama-3.1-8B-Instruct); without a token its download fails and the replica never starts',
    ]);
    const withToken = validatePlatform(eks(file, 'hf-token'), 'p.yaml');
    expect(withToken.issues).toEqual([]);
    expect(withToken.warnings).toBeUndefined();
  });

  it('copies spec.huggingFace into the plan exactly when the file sets it', () => {
    const file = [inference('chat', 'research', 'llama-3.1-8b')];
    expect(plan(parsePlatform(eks(file), 'p.yaml')).huggingFace).toBeUndefined();
    expect(plan(parsePlatform(eks(file, 'hf-token'), 'p.yaml')).huggingFace).toEqual({ tokenSecret: 'hf-token' });
  });

  it('rejects a token Secret name Kubernetes would refuse', () => {
    const bad = eks([], 'HF_Token');
    expect(validatePlatform(bad, 'p.yaml').issues.map((i) => i.path)).toEqual(['spec.huggingFace.tokenSecret']);
  });

  it('knows the gating of every catalogue model, each with a source', () => {
    expect(Object.keys(HUGGING_FACE_REPOS).sort()).toEqual([...MODEL_IDS].sort());
    for (const r of Object.values(HUGGING_FACE_REPOS)) expect(r.gatedSource).toMatch(/^https:\/\/huggingface\.co\//);
    expect(HUGGING_FACE_REVIEWED).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
