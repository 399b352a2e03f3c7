/**
 * The helpers behind "did you mean" suggestions and value display.
 */
import { closest, editDistance, formatPath, showValue, toDnsLabel } from '../../../planner/spec/format';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['bf61', 'bf16', 1],
    ['llama-3.1-8', 'llama-3.1-8b', 1],
  ])('%s -> %s is %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('closest', () => {
  it('suggests a near candidate, ignoring case', () => {
    expect(closest('h100-80gb', ['A100-80GB', 'H100-80GB'])).toBe('H100-80GB');
    expect(closest('trainig', ['inference', 'training', 'notebook'])).toBe('training');
  });

  it('suggests nothing when every candidate is far', () => {
    expect(closest('gpt-4', ['llama-3.1-8b', 'mistral-7b'])).toBeUndefined();
    expect(closest('aws', ['eks', 'gke', 'kind'])).toBeUndefined();
    expect(closest('x', [])).toBeUndefined();
  });

  it('breaks ties alphabetically, whatever the order of candidates', () => {
    expect(closest('ab', ['ac', 'aa'])).toBe('aa');
    expect(closest('ab', ['aa', 'ac'])).toBe('aa');
  });
});

describe('formatting', () => {
  it('writes paths with dots and indices', () => {
    expect(formatPath(['spec', 'workloads', 3, 'model'])).toBe('spec.workloads[3].model');
    expect(formatPath([])).toBe('');
  });

  it('shows values as JSON, shortened when long', () => {
    expect(showValue('x')).toBe('"x"');
    expect(showValue(undefined)).toBe('nothing');
    expect(showValue('y'.repeat(100))).toHaveLength(60);
  });

  it('turns names into DNS labels', () => {
    expect(toDnsLabel('Acme_ML')).toBe('acme-ml');
    expect(toDnsLabel('--Team  One--')).toBe('team-one');
    expect(toDnsLabel('a'.repeat(50))).toHaveLength(40);
  });
});
