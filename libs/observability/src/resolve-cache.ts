import Module from 'node:module';

type ResolveFilename = (request: string, parent: { filename?: string | null } | undefined, ...rest: unknown[]) => string;
const moduleInternals = Module as unknown as { _resolveFilename: ResolveFilename };

let installed = false;

/**
 * Remembers module resolutions asked with just (request, parent), as require-in-the-middle
 * asks them: OpenTelemetry's instrumentations re-resolve every `require()` to see whether
 * it loads a module they patch, and under tsx each resolution builds an Error stack (with
 * source maps). kafkajs requires its protocol files on every request it sends, so each
 * produce, fetch and heartbeat paid 146 µs instead of 10 µs (measured): a steady tax on
 * every service's Kafka traffic. Node's own calls (with more arguments) are untouched, and
 * a resolution never changes while a process runs; the cache is bounded by the module graph.
 */
export function cacheRitmResolutions(): void {
  if (installed) return;
  installed = true;
  const resolve = moduleInternals._resolveFilename;
  const cache = new Map<string, string>();
  moduleInternals._resolveFilename = function cachedResolve(this: unknown, request, parent, ...rest) {
    if (rest.length > 0 || typeof parent?.filename !== 'string') return resolve.call(this, request, parent, ...rest);
    const key = `${parent.filename}\0${request}`;
    let filename = cache.get(key);
    if (filename === undefined) {
      filename = resolve.call(this, request, parent);
      cache.set(key, filename);
    }
    return filename;
  };
}
