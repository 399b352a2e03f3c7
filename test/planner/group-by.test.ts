import { groupBy } from '../../planner/group-by';

describe('groupBy', () => {
  it('keeps groups in the order of their first item and items in input order', () => {
    // plan and report bytes depend on this order (pools, decisions, warnings)
    const groups = groupBy(['b1', 'a1', 'b2', 'c1', 'a2'], (s) => s[0]);
    expect([...groups.entries()]).toEqual([
      ['b', ['b1', 'b2']],
      ['a', ['a1', 'a2']],
      ['c', ['c1']],
    ]);
  });
});
