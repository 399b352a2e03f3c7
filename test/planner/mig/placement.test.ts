import { gpuModel } from '../../../planner/catalogue';
import { expandMigCounts, isMigLayoutPlaceable, placeMigInstances } from '../../../planner/mig/placement';

const h100 = gpuModel('H100-80GB');
const h200 = gpuModel('H200-141GB');

describe('MIG placement on H100 80GB (measured placement table)', () => {
  test.each([
    ['two 3g.40gb plus 1g.10gb: 7 compute slices, but each 3g covers four memory slots', ['3g.40gb', '3g.40gb', '1g.10gb'], false],
    ['4g.40gb plus 3g.40gb', ['4g.40gb', '3g.40gb'], true],
    ['seven 1g.10gb', new Array(7).fill('1g.10gb'), true],
    ['eight 1g.10gb (only seven start slots)', new Array(8).fill('1g.10gb'), false],
    ['four 1g.20gb', new Array(4).fill('1g.20gb'), true],
    ['1g.20gb plus six 1g.10gb', ['1g.20gb', ...new Array(6).fill('1g.10gb')], true],
    ['three 2g.20gb plus 1g.10gb', ['2g.20gb', '2g.20gb', '2g.20gb', '1g.10gb'], true],
    ['two 4g.40gb (only one start slot)', ['4g.40gb', '4g.40gb'], false],
    ['7g.80gb alone', ['7g.80gb'], true],
    ['7g.80gb plus anything', ['7g.80gb', '1g.10gb'], false],
    ['3g.40gb plus two 2g.20gb', ['3g.40gb', '2g.20gb', '2g.20gb'], true],
    ['4g.40gb plus 2g.20gb plus 1g.10gb', ['4g.40gb', '2g.20gb', '1g.10gb'], true],
    ['an unknown profile', ['5g.50gb'], false],
  ])('%s -> placeable %s', (_name, profiles, expected) => {
    expect(isMigLayoutPlaceable(h100, profiles)).toBe(expected);
  });

  test('a placement gives non-overlapping memory slots at allowed starts', () => {
    const placed = placeMigInstances(h100, ['3g.40gb', '2g.20gb', '1g.10gb', '1g.10gb'])!;
    expect(placed).toBeDefined();
    const used = new Set<number>();
    for (const p of placed) {
      const profile = h100.migProfiles.find((m) => m.name === p.profile)!;
      expect(profile.startSlots).toContain(p.start);
      for (let s = p.start; s < p.start + p.size; s++) {
        expect(used.has(s)).toBe(false);
        used.add(s);
      }
    }
  });

  test('H200 has the same geometry with its own profile names', () => {
    expect(isMigLayoutPlaceable(h200, ['3g.71gb', '3g.71gb', '1g.18gb'])).toBe(false);
    expect(isMigLayoutPlaceable(h200, ['4g.71gb', '3g.71gb'])).toBe(true);
  });

  test('GPUs without MIG place nothing', () => {
    expect(isMigLayoutPlaceable(gpuModel('L4'), ['1g.10gb'])).toBe(false);
  });

  test('expansion lists every instance, profiles in name order', () => {
    expect(expandMigCounts({ '3g.40gb': 1, '1g.10gb': 2 })).toEqual(['1g.10gb', '1g.10gb', '3g.40gb']);
  });
});
