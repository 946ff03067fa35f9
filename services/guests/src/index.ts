export { createGuestsInstance, guestsService, type GuestsOverrides } from './service';
export { guestsConfigSchema, type GuestsConfig } from './config';
