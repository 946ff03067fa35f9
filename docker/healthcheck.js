// Docker HEALTHCHECK: exits 0 when GET /health on this container's port answers 2xx within
// the timeout, 1 otherwise. Plain Node (the slim image has no curl or wget).
const port = Number(process.env.PORT || 3000);
const timeoutMs = Number(process.env.HEALTHCHECK_TIMEOUT_MS || 2000);

fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(timeoutMs) }).then(
  (res) => process.exit(res.ok ? 0 : 1),
  () => process.exit(1),
);
