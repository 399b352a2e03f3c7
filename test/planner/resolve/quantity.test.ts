import { cpuMilliOf, memoryBytesOf } from '../../../planner/resolve/quantity';

describe('Kubernetes quantities', () => {
  test.each([
    [4, 4000],
    ['4', 4000],
    ['500m', 500],
    ['1.5', 1500],
    [0.25, 250],
  ])('cpu %p -> %i milli-cores', (q, milli) => {
    expect(cpuMilliOf(q)).toBe(milli);
  });

  test.each([
    ['16Gi', 16 * 2 ** 30],
    ['512Mi', 512 * 2 ** 20],
    ['1G', 1e9],
    ['2k', 2000],
    [1024, 1024],
    ['500m', 1], // milli-bytes, rounded up to a whole byte
    ['1500m', 2],
  ])('memory %p -> %i bytes', (q, bytes) => {
    expect(memoryBytesOf(q)).toBe(bytes);
  });
});
