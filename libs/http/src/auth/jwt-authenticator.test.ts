import { generateTestKeyPair } from '@qtable/testing';
import jwt from 'jsonwebtoken';
import Koa from 'koa';
import { createJwtAuthenticator } from './jwt-authenticator';

const keys = generateTestKeyPair();
const sign = (options: jwt.SignOptions = {}) =>
  jwt.sign({ email: 'host@example.com', org: 'org-1', rst: { r1: 'host' } }, keys.privateKey, {
    algorithm: 'ES256',
    issuer: 'qtable-auth',
    audience: 'qtable',
    subject: 'user-1',
    expiresIn: '5m',
    ...options,
  });

/** Runs the authenticate middleware against a bare Koa context; the principal or the error's status and code. */
async function authenticate(authenticator: ReturnType<typeof createJwtAuthenticator>, authorization?: string) {
  const app = new Koa();
  const ctx = app.createContext({ headers: authorization ? { authorization } : {}, socket: {} } as never, {} as never);
  try {
    await authenticator.authenticate(ctx, async () => undefined);
    return { principal: ctx.state.principal };
  } catch (err) {
    const e = err as { status?: number; code?: string };
    return { status: e.status, code: e.code };
  }
}

describe('createJwtAuthenticator', () => {
  const options = { publicKey: keys.publicKey, issuer: 'qtable-auth', audience: 'qtable' };
  afterEach(() => jest.restoreAllMocks());

  it('verifies a token once, then serves it from the cache (HTTP and sockets share it)', async () => {
    const verify = jest.spyOn(jwt, 'verify');
    const authenticator = createJwtAuthenticator(options);
    const token = sign();
    for (let i = 0; i < 3; i++) expect((await authenticate(authenticator, `Bearer ${token}`)).principal?.userId).toBe('user-1');
    expect(authenticator.verifyToken(token).memberships).toEqual({ r1: 'host' });
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('refuses a cached token once it expires, as expired', async () => {
    const authenticator = createJwtAuthenticator(options);
    const token = sign({ expiresIn: 1 });
    expect((await authenticate(authenticator, `Bearer ${token}`)).principal?.userId).toBe('user-1');
    const exp = (jwt.decode(token) as { exp: number }).exp;
    const later = jest.spyOn(Date, 'now').mockReturnValue(exp * 1000);
    expect(await authenticate(authenticator, `Bearer ${token}`)).toEqual({ status: 401, code: 'token_expired' });
    expect(() => authenticator.verifyToken(token)).toThrow();
    later.mockRestore();
  });

  it('never lets a token that failed verification in, however often it is sent', async () => {
    const authenticator = createJwtAuthenticator(options);
    const good = sign();
    await authenticate(authenticator, `Bearer ${good}`);
    const [header, payload] = good.split('.');
    const forged = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    const wrongKey = jwt.sign({ email: 'x@example.com', org: 'org-1', rst: { r1: 'owner' } }, generateTestKeyPair().privateKey, {
      algorithm: 'ES256',
      issuer: 'qtable-auth',
      audience: 'qtable',
      subject: 'user-2',
      expiresIn: '5m',
    });
    for (let i = 0; i < 2; i++) {
      expect(await authenticate(authenticator, `Bearer ${forged}`)).toEqual({ status: 401, code: 'unauthorized' });
      expect(await authenticate(authenticator, `Bearer ${wrongKey}`)).toEqual({ status: 401, code: 'unauthorized' });
    }
    expect(await authenticate(authenticator)).toEqual({ status: 401, code: 'unauthorized' });
  });
});
