import Module from 'node:module';
import { cacheRitmResolutions } from './resolve-cache';

type Resolve = (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string;
const internals = Module as unknown as { _resolveFilename: Resolve };

describe('cacheRitmResolutions', () => {
  const original = internals._resolveFilename;
  const calls: string[] = [];
  beforeAll(() => {
    // A fake resolver underneath: counts what reaches it; "missing" does not resolve.
    internals._resolveFilename = (request, parent, ...rest) => {
      calls.push(`${request}|${parent?.filename}|${rest.length}`);
      if (request === 'missing') throw Object.assign(new Error('Cannot find module'), { code: 'MODULE_NOT_FOUND' });
      return `/resolved/${request}`;
    };
    cacheRitmResolutions();
  });
  afterAll(() => {
    internals._resolveFilename = original;
  });
  beforeEach(() => calls.splice(0));

  it('resolves a (request, parent) pair once, per parent', () => {
    const a = { filename: '/app/a.js' };
    const b = { filename: '/app/b.js' };
    expect(internals._resolveFilename('./v7/request', a)).toBe('/resolved/./v7/request');
    expect(internals._resolveFilename('./v7/request', a)).toBe('/resolved/./v7/request');
    expect(internals._resolveFilename('./v7/request', b)).toBe('/resolved/./v7/request');
    expect(calls).toEqual(['./v7/request|/app/a.js|0', './v7/request|/app/b.js|0']);
  });

  it("leaves Node's own calls (more arguments) and parentless ones to the resolver every time", () => {
    const a = { filename: '/app/a.js' };
    internals._resolveFilename('pg', a, false);
    internals._resolveFilename('pg', a, false);
    internals._resolveFilename('pg', undefined);
    expect(calls).toHaveLength(3);
  });

  it('does not remember a failure: a module installed later still resolves', () => {
    const a = { filename: '/app/a.js' };
    expect(() => internals._resolveFilename('missing', a)).toThrow('Cannot find module');
    expect(() => internals._resolveFilename('missing', a)).toThrow('Cannot find module');
    expect(calls).toHaveLength(2);
  });
});
