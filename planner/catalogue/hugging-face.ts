/**
 * Where the catalogue's models are published on the Hugging Face Hub, and which of those
 * repositories are gated (a download needs a token of an account that accepted the terms).
 */
import type { ModelId } from '../spec/schema';

/** A model's Hugging Face repository and whether downloading it needs an accepted licence. */
export interface HuggingFaceRepo {
  /** `org/name` of the repository (the instruct variant, as served). */
  readonly repo: string;
  /** True when the Hub refuses anonymous downloads until the account accepts the model's terms. */
  readonly gated: boolean;
  /** Where the gating was read: the repository page or a public report of the gate. */
  readonly gatedSource: string;
}

/** The date the gating below was last checked. */
export const HUGGING_FACE_REVIEWED = '2026-12-01';

const META = 'Llama 3.1/3.2 Community License: the model card asks to accept the licence before access';
const MISTRAL = 'gated since April 2024 ("agree to share your contact information"): huggingface/alignment-handbook#166, neuralmagic/sparseml#2249';
const GEMMA = "Gemma Terms of Use: the model card asks to acknowledge Google's usage licence before access";
const OPEN = 'public repository, no access request on the model card';

/** Hugging Face repository of every catalogue model id. */
export const HUGGING_FACE_REPOS: Readonly<Record<ModelId, HuggingFaceRepo>> = {
  'gemma-2-27b': { repo: 'google/gemma-2-27b-it', gated: true, gatedSource: `https://huggingface.co/google/gemma-2-27b-it (${GEMMA})` },
  'gemma-2-9b': { repo: 'google/gemma-2-9b-it', gated: true, gatedSource: `https://huggingface.co/google/gemma-2-9b-it (${GEMMA})` },
  'llama-3.1-405b': {
    repo: 'meta-llama/Llama-3.1-405B-Instruct',
    gated: true,
    gatedSource: `https://huggingface.co/meta-llama/Llama-3.1-405B-Instruct (${META})`,
  },
  'llama-3.1-70b': {
    repo: 'meta-llama/Llama-3.1-70B-Instruct',
    gated: true,
    gatedSource: `https://huggingface.co/meta-llama/Llama-3.1-70B-Instruct (${META})`,
  },
  'llama-3.1-8b': { repo: 'meta-llama/Llama-3.1-8B-Instruct', gated: true, gatedSource: `https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct (${META})` },
  'llama-3.2-1b': { repo: 'meta-llama/Llama-3.2-1B-Instruct', gated: true, gatedSource: `https://huggingface.co/meta-llama/Llama-3.2-1B-Instruct (${META})` },
  'mistral-7b': {
    repo: 'mistralai/Mistral-7B-Instruct-v0.3',
    gated: true,
    gatedSource: `https://huggingface.co/mistralai/Mistral-7B-Instruct-v0.3 (${MISTRAL})`,
  },
  'mixtral-8x7b': {
    repo: 'mistralai/Mixtral-8x7B-Instruct-v0.1',
    gated: true,
    gatedSource: `https://huggingface.co/mistralai/Mixtral-8x7B-Instruct-v0.1 (${MISTRAL})`,
  },
  'phi-3-mini': {
    repo: 'microsoft/Phi-3-mini-4k-instruct',
    gated: false,
    gatedSource: `https://huggingface.co/microsoft/Phi-3-mini-4k-instruct (${OPEN}, MIT licence)`,
  },
  'qwen2.5-14b': { repo: 'Qwen/Qwen2.5-14B-Instruct', gated: false, gatedSource: `https://huggingface.co/Qwen/Qwen2.5-14B-Instruct (${OPEN})` },
  'qwen2.5-32b': { repo: 'Qwen/Qwen2.5-32B-Instruct', gated: false, gatedSource: `https://huggingface.co/Qwen/Qwen2.5-32B-Instruct (${OPEN})` },
  'qwen2.5-72b': { repo: 'Qwen/Qwen2.5-72B-Instruct', gated: false, gatedSource: `https://huggingface.co/Qwen/Qwen2.5-72B-Instruct (${OPEN})` },
  'qwen2.5-7b': { repo: 'Qwen/Qwen2.5-7B-Instruct', gated: false, gatedSource: `https://huggingface.co/Qwen/Qwen2.5-7B-Instruct (${OPEN})` },
};

/** The repository of a catalogue model id, or undefined for a model outside the catalogue. */
export function huggingFaceRepoOf(model: string): HuggingFaceRepo | undefined {
  return Object.prototype.hasOwnProperty.call(HUGGING_FACE_REPOS, model) ? HUGGING_FACE_REPOS[model as ModelId] : undefined;
}
