import { InvalidSpecError } from '../../../planner/errors';
import { parsePlatform } from '../../../planner/spec/parse';

function file(workload: string): string {
  return `apiVersion: cnai.dev/v1alpha1
kind: Platform
metadata: { name: acme }
spec:
  target: { provider: kind }
  teams: [{ name: 9-team }]
  workloads:
${workload}`;
}

function issues(text: string): string[] {
  try {
    parsePlatform(text, 'p.yaml');
    return [];
  } catch (e) {
    return (e as InvalidSpecError).issues.map((i) => `${i.path}: ${i.message}`);
  }
}

describe('workload names and images', () => {
  test('a workload name must start with a letter (it names Services and InferenceServices)', () => {
    expect(issues(file('    - { name: 7b-chat, team: 9-team, type: batch }'))).toEqual([
      expect.stringMatching(/^spec\.workloads\[0\]\.name: "7b-chat" must start with a letter/),
    ]);
  });

  test('team names may start with a digit: they only prefix namespaces', () => {
    expect(issues(file('    - { name: chat, team: 9-team, type: batch }'))).toEqual([]);
  });

  test('an image reference with spaces is refused', () => {
    expect(issues(file("    - { name: chat, team: 9-team, type: batch, image: ' python:3 ' }"))).toEqual([
      expect.stringMatching(/^spec\.workloads\[0\]\.image: .*must be an image reference without spaces/),
    ]);
  });
});
