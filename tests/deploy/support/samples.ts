/**
 * Public request paths and the service that must answer each, written from the API contract
 * (design.md, seed-system-overview.md), independently of helm/qtable/routes.yaml: the route
 * table is checked against these, not derived from them.
 */
const R = '3f2b6c1e-8a4d-4f7e-9b1a-2c3d4e5f6a7b';
const X = 'b7a1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d';

export const ROUTED: [path: string, service: string][] = [
  ['/auth/login', 'auth'],
  ['/auth/register', 'auth'],
  ['/auth/me', 'auth'],
  ['/auth/refresh', 'auth'],
  ['/auth/logout', 'auth'],
  ['/.well-known/jwks.json', 'auth'],
  ['/restaurants', 'auth'],
  [`/restaurants/${R}`, 'auth'],
  [`/restaurants/${R}/members`, 'auth'],
  [`/restaurants/${R}/members/${X}`, 'auth'],

  [`/restaurants/${R}/tables`, 'floor'],
  [`/restaurants/${R}/tables/${X}`, 'floor'],
  [`/restaurants/${R}/tables/${X}/status`, 'floor'],
  [`/restaurants/${R}/sections`, 'floor'],
  [`/restaurants/${R}/sections/${X}`, 'floor'],

  [`/restaurants/${R}/guests`, 'guests'],
  [`/restaurants/${R}/guests/${X}`, 'guests'],
  [`/restaurants/${R}/guests/${X}/seat`, 'guests'],
  [`/restaurants/${R}/batch-update`, 'guests'],
  [`/restaurants/${R}/dashboard-data`, 'guests'],
  [`/api/v1/dashboard/${R}`, 'guests'],
  ['/openapi.json', 'guests'],
  ['/docs', 'guests'],
  ['/docs/assets/swagger-ui.css', 'guests'],
  ['/health', 'guests'],

  [`/restaurants/${R}/reservations`, 'reservations'],
  [`/restaurants/${R}/reservations/${X}`, 'reservations'],
  [`/restaurants/${R}/reservations/${X}/cancel`, 'reservations'],
  [`/restaurants/${R}/availability`, 'reservations'],
  [`/restaurants/${R}/booking-settings`, 'reservations'],

  [`/realtime?restaurant_id=${R}`, 'realtime-gateway'],
  ['/realtime', 'realtime-gateway'],
  ['/socket.io/?EIO=4&transport=polling&t=P1a2b3c', 'realtime-gateway'],
  ['/socket.io/?EIO=4&transport=websocket&sid=abc', 'realtime-gateway'],
  [`/restaurants/${R}/sync`, 'realtime-gateway'],
  [`/restaurants/${R}/sync?since=42`, 'realtime-gateway'],
];

/** Paths that must not be exposed (internal endpoints) or that no service serves. */
export const UNROUTED: string[] = [
  '/',
  '/metrics',
  '/ready',
  '/auth',
  '/restaurantsx',
  `/restaurants/${R}/unknown`,
  `/restaurants/${R}/tablesx`,
  `/restaurants/${R}/members-export`,
  `/restaurants/${R}/availability/extra`,
  '/socket.io',
  '/realtime/extra',
  '/openapi.json.bak',
  '/docsx',
];

/** The request path as nginx matches it: without the query string. */
export const pathOf = (url: string) => url.split('?')[0];

/**
 * Route paths must stay in the regex subset that PCRE (nginx) and JavaScript read alike
 * (see routes.yaml): literals, `\.`, `[^/]+`, `.*`, `(/.*)?`, `?` after a literal, final `$`.
 */
export const SHARED_REGEX_SUBSET = /^\/(?:[A-Za-z0-9_\-/]\??|\\\.|\[\^\/\]\+|\.\*|\(\/\.\*\)\?)*\$?$/;
