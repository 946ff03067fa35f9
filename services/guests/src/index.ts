export { guestsService } from './service';
export { guestsConfigSchema, type GuestsConfig } from './config';
