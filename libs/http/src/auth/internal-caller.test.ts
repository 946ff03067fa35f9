import type { Context } from 'koa';
import { requireInternalCaller } from './internal-caller';

const withAuthorization = (value: string) => ({ get: (name: string) => (name === 'Authorization' ? value : '') }) as unknown as Context;

describe('requireInternalCaller', () => {
  it('admits the configured secret', () => {
    expect(() => requireInternalCaller(withAuthorization('Bearer s3cret-value'), 's3cret-value')).not.toThrow();
  });

  it.each([
    ['another secret', 'Bearer s3cret-valuf'],
    ['a prefix of it', 'Bearer s3cret'],
    ['no bearer', 's3cret-value'],
    ['nothing', ''],
  ])('refuses %s with 401 internal_unauthorized', (_, header) => {
    expect(() => requireInternalCaller(withAuthorization(header), 's3cret-value')).toThrow(expect.objectContaining({ status: 401, code: 'internal_unauthorized' }));
  });

  it('refuses every call when no secret is configured', () => {
    expect(() => requireInternalCaller(withAuthorization('Bearer '), undefined)).toThrow(expect.objectContaining({ status: 401 }));
    expect(() => requireInternalCaller(withAuthorization('Bearer anything'), '')).toThrow(expect.objectContaining({ status: 401 }));
  });
});
