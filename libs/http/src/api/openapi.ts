import Router from '@koa/router';
import { createDocument } from 'zod-openapi';
import type { ApiRouter } from './api-router';

/** The OpenAPI 3.1 document of every mounted API router, generated from their route schemas. */
export function buildOpenApiDocument(routers: ApiRouter[], info: { title: string; version: string }) {
  return createDocument({
    openapi: '3.1.0',
    info,
    paths: Object.assign({}, ...routers.map((r) => r.openApiPaths())),
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    security: [{ bearer: [] }],
  });
}

const SWAGGER_ASSETS = ['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'favicon-32x32.png'];

/** `/openapi.json` and an interactive reference at `/docs` (Swagger UI served locally, no CDN). */
export function openApiRouter(getDocument: () => unknown): Router {
  const router = new Router();
  let cached: unknown;
  router.get('/openapi.json', (ctx) => {
    cached ??= getDocument();
    ctx.body = cached;
  });
  router.get('/docs', (ctx) => {
    ctx.type = 'html';
    ctx.body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>QTable API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"><link rel="icon" href="/docs/assets/favicon-32x32.png"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/swagger-init.js"></script></body></html>`;
  });
  router.get('/docs/assets/swagger-init.js', (ctx) => {
    // A separate file rather than an inline script, so the Content-Security-Policy can forbid inline scripts.
    ctx.type = 'application/javascript';
    ctx.body = "window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', persistAuthorization: true });";
  });
  router.get('/docs/assets/:file', async (ctx) => {
    const file = ctx.params.file;
    if (!SWAGGER_ASSETS.includes(file)) return;
    const { createReadStream } = await import('node:fs');
    const { getAbsoluteFSPath } = await import('swagger-ui-dist');
    ctx.type = file.split('.').pop() ?? 'application/octet-stream';
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = createReadStream(`${getAbsoluteFSPath()}/${file}`);
  });
  return router;
}
