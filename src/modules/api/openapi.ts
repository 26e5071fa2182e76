/** The published description of API v1 (GET /api/v1/openapi.json). Keep in step with routes.ts. */
export function openApiDocument(baseUrl: string) {
  const problem = {
    description: 'Problem details (RFC 9457)',
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Safeguard API',
      version: '1.0.0',
      description:
        "Case management for police domestic-abuse safeguarding. Every call acts as the user its token belongs to, with that user's role; every read of personal data is recorded in the audit trail.",
    },
    servers: [{ url: `${baseUrl}/api/v1` }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Create one with `npx safeguard token create --user NAME`' },
      },
      schemas: {
        Problem: {
          type: 'object',
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
        AuditEvent: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            occurredAt: { type: 'string', format: 'date-time' },
            category: {
              type: 'string',
              enum: ['collection', 'alteration', 'consultation', 'disclosure', 'combination', 'erasure', 'security'],
            },
            action: { type: 'string' },
            outcome: { type: 'string', enum: ['allowed', 'refused'] },
            actor: { type: 'string' },
            actorRole: { type: 'string' },
            recipient: { type: ['string', 'null'] },
            reason: { type: ['string', 'null'] },
            requestId: { type: ['string', 'null'] },
          },
        },
      },
    },
    paths: {
      '/me': {
        get: { summary: 'The user the token acts as', responses: { 200: { description: 'The user' }, 401: problem } },
      },
      '/people/{id}': {
        get: {
          summary: 'A person and the incidents they appear in (a consultation, audited)',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          responses: { 200: { description: 'The person' }, 401: problem, 403: problem, 404: problem },
        },
      },
      '/audit-events': {
        get: {
          summary: 'The DPA 2018 s.62 log for one person, newest first (auditors and supervisors)',
          parameters: [
            { name: 'personId', in: 'query', required: true, schema: { type: 'string', format: 'uuid' } },
            { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
          ],
          responses: {
            200: {
              description: 'A page of 50 events',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      personId: { type: 'string' },
                      total: { type: 'integer' },
                      page: { type: 'integer' },
                      events: { type: 'array', items: { $ref: '#/components/schemas/AuditEvent' } },
                    },
                  },
                },
              },
            },
            400: problem,
            401: problem,
            403: problem,
            404: problem,
          },
        },
      },
    },
  };
}
