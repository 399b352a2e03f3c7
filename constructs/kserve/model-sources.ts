/**
 * Where the weights of the catalogue's models come from, as KServe storage URIs.
 */

/** Hugging Face repositories of the catalogue's model ids (instruct variants, as served). */
export const HUGGING_FACE_REPOS: Readonly<Record<string, string>> = {
  'gemma-2-27b': 'google/gemma-2-27b-it',
  'gemma-2-9b': 'google/gemma-2-9b-it',
  'llama-3.1-405b': 'meta-llama/Llama-3.1-405B-Instruct',
  'llama-3.1-70b': 'meta-llama/Llama-3.1-70B-Instruct',
  'llama-3.1-8b': 'meta-llama/Llama-3.1-8B-Instruct',
  'llama-3.2-1b': 'meta-llama/Llama-3.2-1B-Instruct',
  'mistral-7b': 'mistralai/Mistral-7B-Instruct-v0.3',
  'mixtral-8x7b': 'mistralai/Mixtral-8x7B-Instruct-v0.1',
  'phi-3-mini': 'microsoft/Phi-3-mini-4k-instruct',
  'qwen2.5-14b': 'Qwen/Qwen2.5-14B-Instruct',
  'qwen2.5-32b': 'Qwen/Qwen2.5-32B-Instruct',
  'qwen2.5-72b': 'Qwen/Qwen2.5-72B-Instruct',
  'qwen2.5-7b': 'Qwen/Qwen2.5-7B-Instruct',
};

/**
 * The storage URI of a model: `hf://<repo>` for catalogue models, otherwise a model directory on
 * the `models` PersistentVolumeClaim of the team namespace (`pvc://models/<model>`), where inline
 * architectures' weights are expected to be staged.
 */
export function defaultStorageUri(model: string): string {
  const repo = HUGGING_FACE_REPOS[model];
  return repo ? `hf://${repo}` : `pvc://models/${model}`;
}
