import { conflict, HttpError } from '@qtable/http';

// The failures of booking, each with a stable code. 422: the request is well-formed but
// breaks a booking rule (nothing is written); 409: it collides with the current state.

/** A booking rule refused the request (closed then, in the past, too large …). */
export const ruleViolation = (code: string, message: string, details?: unknown) => new HttpError(422, code, message, details);

/** The restaurant's `restaurant.created` event has not reached reservations yet (it takes milliseconds). */
export const restaurantNotSynced = () =>
  new HttpError(503, 'restaurant_not_synced', 'This restaurant is not known to reservations yet; retry in a moment', undefined, { 'Retry-After': '2' });

export const invalidTransition = (message: string) => conflict('invalid_transition', message);
