export { startTestSystem, type TestSystem } from './test-system';
