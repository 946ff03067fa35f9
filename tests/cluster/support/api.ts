import { randomUUID } from 'node:crypto';
import type { Role } from '@qtable/contracts';
import jwt from 'jsonwebtoken';
import { clusterInfo } from './test-cluster';

export interface Tenant {
  restaurantId: string;
  /** An access token, issued by auth through nginx, that includes the restaurant (owner). */
  token: string;
}

/** A REST call through nginx; throws on anything but the expected status, with the body. */
export async function call<T = unknown>(method: string, path: string, options: { token?: string; body?: unknown; expect?: number } = {}): Promise<T> {
  const res = await fetch(`${clusterInfo().url}${path}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  const expected = options.expect ?? (method === 'POST' ? 201 : 200);
  if (res.status !== expected) throw new Error(`${method} ${path} -> ${res.status} (expected ${expected}): ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The cluster's first administrator, logged in through nginx (auth checks the password). */
export async function adminToken(): Promise<string> {
  const { adminEmail, adminPassword } = clusterInfo();
  const body = await call<{ access_token: string }>('POST', '/auth/login', { body: { email: adminEmail, password: adminPassword }, expect: 200 });
  return body.access_token;
}

/** A fresh restaurant in the admin's organization (so tests never share a realtime stream). */
export async function newTenant(admin: string): Promise<Tenant> {
  const created = await call<{ restaurant: { id: string }; access_token: string }>('POST', '/restaurants', {
    token: admin,
    body: { name: `Cluster test ${randomUUID().slice(0, 8)}` },
  });
  return { restaurantId: created.restaurant.id, token: created.access_token };
}

export interface GuestView {
  id: string;
  guestName: string;
  version: number;
  status: string;
}

export const createGuest = (tenant: Tenant, guestName: string) =>
  call<GuestView>('POST', `/restaurants/${tenant.restaurantId}/guests`, { token: tenant.token, body: { guestName, partySize: 2 } });

/** POSTs guests `<prefix>0 … <prefix>count-1` one after another (their order is the expected message order). */
export async function createGuests(tenant: Tenant, prefix: string, count: number): Promise<GuestView[]> {
  const created: GuestView[] = [];
  for (let i = 0; i < count; i++) created.push(await createGuest(tenant, `${prefix}${i}`));
  return created;
}

/**
 * An access token signed with the cluster's private key, shaped exactly as auth issues them
 * (ES256, issuer, audience): for claims auth would not hand out on request, such as a
 * lifetime of seconds.
 */
export function mintToken(memberships: Record<string, Role>, expiresInSeconds: number): string {
  return jwt.sign({ email: 'cluster-test@example.com', org: randomUUID(), rst: memberships }, clusterInfo().privateKey, {
    algorithm: 'ES256',
    issuer: 'qtable-auth',
    audience: 'qtable',
    subject: randomUUID(),
    expiresIn: expiresInSeconds,
    jwtid: randomUUID(),
  });
}
