/** Integration tests get their servers from `npm test` (scripts/test.sh); say so plainly when run otherwise. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: integration tests need the real servers; run them with \`npm test\` (it starts PostgreSQL, Redis and Kafka).`);
  }
  return value;
}
