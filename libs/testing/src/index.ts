export { requireEnv } from './require-env';
export { createTestDatabase, type TestDatabase } from './test-database';
export { uniqueName } from './unique-name';
export { waitFor } from './wait-for';
export { listen, type TestServer } from './listen';
export { generateTestKeyPair } from './test-keys';
export { json } from './json';
export { startEmbeddedPostgresProcess, type EmbeddedPostgresProcess } from './embedded-postgres-process';
