import { roleAllows } from './roles';

describe('roleAllows', () => {
  it('lets a viewer read but never write', () => {
    expect(roleAllows('viewer', 'read')).toBe(true);
    expect(roleAllows('viewer', 'operate')).toBe(false);
    expect(roleAllows('viewer', 'configure')).toBe(false);
  });
  it('lets a host run service but not shape the floor plan or override', () => {
    expect(roleAllows('host', 'operate')).toBe(true);
    expect(roleAllows('host', 'override')).toBe(false);
    expect(roleAllows('host', 'configure')).toBe(false);
  });
  it('keeps administration to owners', () => {
    expect(roleAllows('owner', 'administer')).toBe(true);
    expect(roleAllows('manager', 'administer')).toBe(false);
  });
});
