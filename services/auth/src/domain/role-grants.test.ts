import { canGrant, canRevoke, removesLastOwner } from './role-grants';

describe('role grants', () => {
  it('lets an owner grant every role, including owner', () => {
    for (const role of ['owner', 'manager', 'host', 'viewer'] as const) expect(canGrant('owner', role)).toBe(true);
  });

  it('limits a manager to roles below their own', () => {
    expect(canGrant('manager', 'owner')).toBe(false);
    expect(canGrant('manager', 'manager')).toBe(false);
    expect(canGrant('manager', 'host')).toBe(true);
    expect(canGrant('manager', 'viewer')).toBe(true);
  });

  it('gives hosts and viewers no staff rights at all', () => {
    for (const role of ['owner', 'manager', 'host', 'viewer'] as const) {
      expect(canGrant('host', role)).toBe(false);
      expect(canGrant('viewer', role)).toBe(false);
    }
  });

  it('applies the same rule to revocation', () => {
    expect(canRevoke('manager', 'owner')).toBe(false);
    expect(canRevoke('manager', 'host')).toBe(true);
  });

  it('protects the last owner', () => {
    expect(removesLastOwner('owner', 1)).toBe(true);
    expect(removesLastOwner('owner', 2)).toBe(false);
    expect(removesLastOwner('manager', 1)).toBe(false);
  });
});
