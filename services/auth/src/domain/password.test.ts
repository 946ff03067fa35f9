import { hashPassword, verifyPassword } from './password';

describe('password hashing', () => {
  it('verifies the right password only, with a salted bcrypt hash of the configured cost', async () => {
    const hash = await hashPassword('correct horse battery', 4);
    expect(hash).toMatch(/^\$2[aby]\$04\$/);
    expect(await hashPassword('correct horse battery', 4)).not.toBe(hash);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
  });

  it('tells apart long passwords that share their first 72 bytes', async () => {
    const prefix = 'p'.repeat(80);
    const hash = await hashPassword(`${prefix}-one`, 4);
    expect(await verifyPassword(`${prefix}-two`, hash)).toBe(false);
    expect(await verifyPassword(`${prefix}-one`, hash)).toBe(true);
  });
});
