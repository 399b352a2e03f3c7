/**
 * Where the weights of the catalogue's models come from, as KServe storage URIs.
 */
import { huggingFaceRepoOf } from '../../planner/catalogue/hugging-face';

/**
 * The storage URI of a model: `hf://<repo>` for catalogue models (repositories in
 * `planner/catalogue/hugging-face.ts`), otherwise a model directory on the `models`
 * PersistentVolumeClaim of the team namespace (`pvc://models/<model>`), where inline
 * architectures' weights are expected to be staged.
 */
export function defaultStorageUri(model: string): string {
  const repo = huggingFaceRepoOf(model);
  return repo ? `hf://${repo.repo}` : `pvc://models/${model}`;
}
