import { z } from 'zod';
import { incidentSchema } from '../incidents/index.ts';
import { TASK_TYPES } from '../../domain/triage/tasks.ts';
import { CONSENT_STATES, LAWFUL_BASES, SHAREABLE_FIELDS, DEFAULT_SHARED_FIELDS } from '../../domain/referrals/referral.ts';
import { CASE_EVENT_TYPES } from '../../domain/calendar/victimsCode.ts';

/** The incident body as JSON Schema, generated from the same zod schema that validates it. */
function incidentInputSchema() {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(incidentSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return schema;
}

/** How a person id that was merged away answers (GET /people/{id} and its chronology). */
const MERGED_RECORD =
  "A record merged into another is read as the person it is now part of: 200 with the survivor (its own `id`/`personId`), a Content-Location header giving the survivor's address, and `mergedFrom` naming the record asked for and the merge (when, by whom, why). `mergedFrom` is null for a record that stands. After a merge is undone the record stands alone again. The audit event names both records.";
const CONTENT_LOCATION = {
  description: "Only when the id asked for was merged: the survivor's address, e.g. /api/v1/people/{survivorId}",
  schema: { type: 'string' },
};

const uuidPath = [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }];

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
        DvdsPerson: {
          type: 'object',
          description: 'An existing person ({ personId }) or a new one to create',
          properties: {
            personId: { type: 'string', format: 'uuid' },
            givenName: { type: 'string' },
            familyName: { type: 'string' },
            dateOfBirth: { type: 'string', format: 'date', nullable: true },
          },
        },
        DvdsApplication: {
          type: 'object',
          properties: {
            id: { type: 'string', format: 'uuid' },
            reference: { type: 'string', example: 'DVDS-000123' },
            route: { type: 'string', enum: ['right-to-ask', 'right-to-know'] },
            applicantKind: { type: 'string', nullable: true },
            applicantPersonId: { type: 'string', format: 'uuid' },
            atRiskPersonId: { type: 'string', format: 'uuid', nullable: true },
            subjectPersonId: { type: 'string', format: 'uuid' },
            stage: { type: 'string' },
            receivedAt: { type: 'string', format: 'date-time' },
            dueBy: { type: 'string', format: 'date-time' },
            daysRemaining: { type: 'integer', nullable: true },
            closedAt: { type: 'string', format: 'date-time', nullable: true },
          },
        },
        OrderInput: {
          type: 'object',
          required: ['type', 'subjectPersonId', 'servedAt'],
          properties: {
            type: {
              type: 'string',
              enum: [
                'DVPN',
                'DVPO',
                'DAPN',
                'DAPO',
                'restraining-order',
                'non-molestation-order',
                'bail-conditions',
                'stalking-protection-order',
              ],
            },
            subjectPersonId: { type: 'string', format: 'uuid' },
            protectedPersonIds: { type: 'array', items: { type: 'string', format: 'uuid' } },
            servedAt: { type: 'string', format: 'date-time' },
            expiresAt: { type: 'string', format: 'date-time', nullable: true },
            incidentId: { type: 'string', format: 'uuid', nullable: true },
            authorisedBy: { type: 'object', properties: { name: { type: 'string' }, rank: { type: 'string' } } },
            conditions: {
              type: 'array',
              items: {
                type: 'object',
                required: ['kind', 'text'],
                properties: {
                  kind: { type: 'string', enum: ['no-contact', 'exclusion-zone', 'other'] },
                  text: { type: 'string' },
                  address: { type: 'string', nullable: true },
                },
              },
            },
            positiveRequirements: { type: 'string', nullable: true },
            electronicMonitoring: { type: 'boolean' },
          },
        },
        Order: {
          type: 'object',
          properties: {
            id: { type: 'string', format: 'uuid' },
            reference: { type: 'string' },
            type: { type: 'string' },
            status: { type: 'string', enum: ['in-force', 'heard', 'ended', 'lapsed', 'discharged'] },
            subjectPersonId: { type: 'string', format: 'uuid' },
            protectedPersonIds: { type: 'array', items: { type: 'string', format: 'uuid' } },
            servedAt: { type: 'string', format: 'date-time' },
            expiresAt: { type: 'string', format: 'date-time', nullable: true },
            hearingDueBy: {
              type: 'string',
              format: 'date-time',
              nullable: true,
              description: 'DVPN and DAPN: when the court hearing must start',
            },
            notificationDueBy: {
              type: 'string',
              format: 'date-time',
              nullable: true,
              description: 'DAPO: when the subject must have notified name and address',
            },
            breaches: { type: 'integer' },
          },
        },
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
        MergedFrom: {
          type: ['object', 'null'],
          description: 'Null unless the id asked for is a record merged into another; then the record asked for and its merge.',
          properties: {
            id: { type: 'string', format: 'uuid', description: 'The record asked for' },
            mergedInto: {
              type: 'string',
              format: 'uuid',
              description: 'The record it was merged into (the survivor, or a record since merged into it)',
            },
            mergedAt: { type: ['string', 'null'], format: 'date-time' },
            mergedBy: { type: ['string', 'null'], description: "The merging user's display name; null when the system merged" },
            reason: { type: ['string', 'null'] },
          },
        },
        IncidentInput: incidentInputSchema(),
        IntakeResult: {
          type: 'object',
          properties: {
            id: { type: 'string', format: 'uuid' },
            reference: { type: 'string', description: 'Safeguard reference, SG-YYYY-NNNNNNN' },
            parties: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  role: { type: 'string' },
                  personId: { type: 'string', format: 'uuid' },
                  link: {
                    type: 'string',
                    enum: ['matched', 'new', 'review'],
                    description:
                      'matched: linked to a known person; new: a new person; review: a new person with a possible match for a research assistant to decide',
                  },
                },
              },
            },
            maracCriteria: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  criterion: {
                    type: 'string',
                    enum: ['visible-high-risk', 'potential-escalation', 'repeat-marac', 'professional-judgement'],
                  },
                  reason: { type: 'string' },
                },
              },
            },
            tasks: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  id: { type: 'string' },
                  type: {
                    type: 'string',
                    enum: Object.keys(TASK_TYPES),
                    description: Object.entries(TASK_TYPES)
                      .map(([k, v]) => `${k}: ${v}`)
                      .join('; '),
                  },
                  dueAt: { type: 'string', format: 'date-time' },
                  subjectPersonId: { type: ['string', 'null'] },
                },
              },
            },
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
      '/incidents': {
        post: {
          summary: 'Receive a DA incident from a force system (integration accounts). Idempotent on sourceSystem + sourceReference',
          description:
            "riskAssessment.instrument is any instrument the force has published: dash-2009, dara-2022 or a force variant's code (/admin/instruments), answered on instrumentVersion or, without one, the current version. Answers, comments and officerRationale are checked against that version's questions and answer options; an unknown instrument or version, a question it does not ask, an answer it does not offer, or a missing officerRationale where the instrument requires one (dara-2022) is a 422 naming the field, and nothing is stored. The instrument and version are stored with the officer's assessment; MARAC visible high risk uses that version's own high threshold (none for dara-2022). A repeat of an incident already received answers 200 without checking again.",
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/IncidentInput' } } } },
          responses: {
            201: {
              description: 'Stored: every party resolved to a person',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/IntakeResult' } } },
            },
            200: {
              description: 'Already received: the same incident, unchanged',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/IntakeResult' } } },
            },
            401: problem,
            403: problem,
            422: {
              description: 'The incident is not valid, or its risk assessment does not fit the instrument version it names',
              content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
            },
          },
        },
      },
      '/cases': {
        post: {
          summary:
            'Open a safeguarding case for a victim, spanning the incidents named (coordinators, victim care officers, assessors, supervisors)',
          description:
            'victimPersonId is the victim; incidentIds are incidents in which she is the victim (at least one). enhancedRights defaults to true (DA victims are eligible for Enhanced Rights under the Victims’ Code). ownerId defaults to the caller when they can hold cases, teamId to the owner’s team. A victim has one open case at a time: a second is a 409 naming her open case. Bad input is a 422 naming every field.',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['victimPersonId', 'incidentIds'],
                  properties: {
                    victimPersonId: { type: 'string', format: 'uuid' },
                    incidentIds: { type: 'array', minItems: 1, items: { type: 'string', format: 'uuid' } },
                    enhancedRights: { type: 'boolean', default: true },
                    ownerId: { type: ['string', 'null'], format: 'uuid' },
                    teamId: { type: ['string', 'null'], format: 'uuid' },
                  },
                },
              },
            },
          },
          responses: {
            201: {
              description: 'Opened',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      id: { type: 'string', format: 'uuid' },
                      reference: { type: 'string', example: 'CASE-000123' },
                      victimPersonId: { type: 'string', format: 'uuid' },
                      incidentIds: { type: 'array', items: { type: 'string', format: 'uuid' } },
                      ownerId: { type: ['string', 'null'] },
                      teamId: { type: ['string', 'null'] },
                      status: { type: 'string', enum: ['open', 'closed'] },
                      enhancedRights: { type: 'boolean' },
                      openedAt: { type: 'string', format: 'date-time' },
                      version: { type: 'integer' },
                    },
                  },
                },
              },
            },
            401: problem,
            403: problem,
            409: problem,
            422: problem,
          },
        },
      },
      '/cases/{id}': {
        get: {
          summary: 'A safeguarding case with its incidents, contacts (newest first) and tasks (a consultation, audited)',
          parameters: uuidPath,
          responses: { 200: { description: 'The case' }, 401: problem, 403: problem, 404: problem },
        },
      },
      '/incidents/{id}': {
        get: {
          summary: 'An incident with its parties as recorded, risk assessments and tasks (a consultation, audited)',
          description:
            "riskAssessments lists the officer's assessment and any final grades, newest first: instrument, version, answers, officerGrade, officerRationale (the officer's own reason for the grade, required by dara-2022; null when none was given and on an assessor's final-grade row), assessorGrade and submittedAt. tasks lists the incident's tasks (id, type, dueAt, state, subjectPersonId); an operation-encompass task also carries outcome once done: notified (the notice went to the school), not-school-age or school-unknown (no school to tell, with who checked, what and when recorded on the task).",
          parameters: uuidPath,
          responses: { 200: { description: 'The incident' }, 401: problem, 403: problem, 404: problem },
        },
      },
      '/people/{id}': {
        get: {
          summary:
            'A person with the indicators computed from their linked history: incidentsLast12Months, asVictim, asSuspect, distinctVictims, serialPerpetrator, childrenLinked, escalating, highestGrade, lastMaracReferralAt (a consultation, audited)',
          description: `${MERGED_RECORD} ordersInForce lists the protective notices and orders in force that the person is subject to or protected by, as recorded in Safeguard's order register (empty for a role that may not read the register). dvdsApplications lists the Clare's Law (DVDS) applications naming the person as applicant, person at risk or subject (null for a role that may not read them). notHeldInSafeguard lists the records Safeguard does not hold yet, so cannot report on (none now: orders and Clare's Law applications are both held). Check any listed in the force's systems; no field here means "none".`,
          parameters: uuidPath,
          responses: {
            200: {
              description: 'The person (the survivor, when the id asked for was merged into another record)',
              headers: { 'Content-Location': CONTENT_LOCATION },
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      id: { type: 'string', format: 'uuid' },
                      mergedFrom: { $ref: '#/components/schemas/MergedFrom' },
                      ordersInForce: { type: 'array', items: { $ref: '#/components/schemas/Order' } },
                      dvdsApplications: { type: 'array', nullable: true, items: { $ref: '#/components/schemas/DvdsApplication' } },
                      notHeldInSafeguard: {
                        type: 'array',
                        items: { type: 'string' },
                        description: "Records Safeguard does not hold yet: check them in the force's systems",
                      },
                    },
                  },
                },
              },
            },
            401: problem,
            403: problem,
            404: problem,
          },
        },
      },
      '/dvds-applications': {
        post: {
          summary: "Record a Clare's Law (DVDS) application: Right to Ask or Right to Know (DA coordinators, supervisors)",
          description:
            'route is right-to-ask or right-to-know; a Right to Ask names applicantKind (applicant-at-risk or third-party, and then atRisk, the person the third party is concerned for). applicant, atRisk and subject are each { personId } of an existing person, or { givenName, familyName, dateOfBirth (YYYY-MM-DD, optional) } to create one. The response carries dueBy: the end (23:59:59 Europe/London) of the 28th calendar day after the day received (the force may configure the number of days). Nothing is stored when any field is refused; a 422 names every refused field.',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['route', 'applicant', 'subject', 'relationship', 'concern', 'receivedAt'],
                  properties: {
                    route: { type: 'string', enum: ['right-to-ask', 'right-to-know'] },
                    applicantKind: { type: 'string', enum: ['applicant-at-risk', 'third-party'], nullable: true },
                    applicant: { $ref: '#/components/schemas/DvdsPerson' },
                    atRisk: { $ref: '#/components/schemas/DvdsPerson' },
                    subject: { $ref: '#/components/schemas/DvdsPerson' },
                    relationship: { type: 'string' },
                    concern: { type: 'string' },
                    receivedAt: { type: 'string', format: 'date-time' },
                  },
                },
              },
            },
          },
          responses: {
            201: { description: 'Recorded', content: { 'application/json': { schema: { $ref: '#/components/schemas/DvdsApplication' } } } },
            401: problem,
            403: problem,
            422: {
              description: 'The application is not valid: every refused field is named',
              content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
            },
          },
        },
      },
      '/orders': {
        post: {
          summary: 'Record a protective notice or order in the order register (coordinators, support officers, supervisors)',
          description:
            "type is DVPN, DVPO, DAPN, DAPO, restraining-order, non-molestation-order, bail-conditions or stalking-protection-order; a type outside the force's regime (DVPN/DVPO, DAPN/DAPO or both) is refused. A DVPN must be authorised by a superintendent or above and a DAPN by an inspector or above (authorisedBy.rank: constable, sergeant, inspector, chief-inspector, superintendent, chief-superintendent, assistant-chief-constable, deputy-chief-constable, chief-constable); a lower rank is a 422. For a DVPN or DAPN the response carries hearingDueBy: 48 hours after servedAt, not counting Sundays, Christmas Day, Good Friday and bank holidays (Europe/London). A DVPO's expiresAt must be 14 to 28 days after servedAt; a DAPO may have none and carries notificationDueBy (name and address within 3 days). Nothing is stored when any field is refused.",
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/OrderInput' } } } },
          responses: {
            201: { description: 'Recorded', content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } } },
            401: problem,
            403: problem,
            422: {
              description: 'The order is not valid: every refused field is named',
              content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
            },
          },
        },
      },
      '/orders/{id}': {
        get: {
          summary: 'A protective notice or order with its clocks (a consultation, audited)',
          parameters: uuidPath,
          responses: {
            200: { description: 'The order', content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } } },
            401: problem,
            403: problem,
            404: problem,
          },
        },
      },
      '/people/{id}/chronology': {
        get: {
          summary: 'Every event about the person, newest first: incidents (with their role) and MARAC referrals (a consultation, audited)',
          description: MERGED_RECORD,
          parameters: [
            ...uuidPath,
            { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
            { name: 'pageSize', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
          ],
          responses: {
            200: {
              description: "A page of events (the survivor's, when the id asked for was merged into another record)",
              headers: { 'Content-Location': CONTENT_LOCATION },
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { personId: { type: 'string', format: 'uuid' }, mergedFrom: { $ref: '#/components/schemas/MergedFrom' } },
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
      '/cases/{id}/events': {
        post: {
          summary:
            "Record a case event the Victims' Code says the victim must be told of; creates her update obligation (victim care officers, coordinators, supervisors)",
          description:
            "dueBy is the end (23:59:59 London time) of the Nth working day after the London date of occurredAt: N is 1 when the case has Enhanced Rights (the default for a DA victim), 5 otherwise — the force's configurable Victims' Code time limits. Weekends and England & Wales bank holidays are not working days. A 422 names every bad field; an unknown case is a 404.",
          parameters: uuidPath,
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['type', 'occurredAt'],
                  properties: {
                    type: { type: 'string', enum: [...CASE_EVENT_TYPES] },
                    occurredAt: { type: 'string', format: 'date-time', description: 'ISO 8601 with an offset; not in the future' },
                  },
                },
              },
            },
          },
          responses: {
            201: {
              description: 'The event and its update obligation',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      id: { type: 'string', format: 'uuid' },
                      caseId: { type: 'string', format: 'uuid' },
                      type: { type: 'string', enum: [...CASE_EVENT_TYPES] },
                      occurredAt: { type: 'string', format: 'date-time' },
                      dueBy: { type: 'string', format: 'date-time', description: 'When the victim must have been told by' },
                      obligation: {
                        type: 'object',
                        properties: {
                          id: { type: 'string', format: 'uuid' },
                          dueBy: { type: 'string', format: 'date-time' },
                          workingDays: { type: 'integer' },
                          enhancedRights: { type: 'boolean' },
                          state: { type: 'string', enum: ['due', 'met'] },
                        },
                      },
                    },
                  },
                },
              },
            },
            401: problem,
            403: problem,
            404: problem,
            422: problem,
          },
        },
      },
      '/referrals': {
        post: {
          summary: 'Refer the victim of an incident to a partner agency (a disclosure to that agency, audited with its recipient)',
          description: `The agency's users then read the referral (GET /referrals/{id}, the partner portal) with only the fields shared; no one else outside the force can. Consent must be given, or overridden with an overrideReason (at least 10 characters); a referral with no consent decision, or refused consent, is refused. A lawfulBasis of "consent" needs consent given. sharedFields left out shares ${DEFAULT_SHARED_FIELDS.join(', ')}. The agency is expected to answer within 3 working days (responseDueAt); after that the referrer is given a task to chase it. A 422 names every field that is wrong and stores nothing.`,
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['incidentId', 'agency', 'lawfulBasis', 'consent'],
                  properties: {
                    incidentId: { type: 'string', format: 'uuid' },
                    agency: { type: 'string', description: "The agency's code (for example idva) or id" },
                    lawfulBasis: {
                      type: 'string',
                      enum: Object.keys(LAWFUL_BASES),
                      description: Object.entries(LAWFUL_BASES)
                        .map(([k, v]) => `${k}: ${v}`)
                        .join('; '),
                    },
                    consent: { type: 'string', enum: [...CONSENT_STATES] },
                    overrideReason: { type: 'string', description: 'Required when consent is "overridden"' },
                    sharedFields: {
                      type: 'array',
                      items: { type: 'string', enum: Object.keys(SHAREABLE_FIELDS) },
                      description: Object.entries(SHAREABLE_FIELDS)
                        .map(([k, v]) => `${k}: ${v}`)
                        .join('; '),
                    },
                  },
                },
              },
            },
          },
          responses: {
            201: {
              description: 'Sent: {id, agency {code, name}, status, sentAt, responseDueAt, lawfulBasis, consent, sharedFields, shared}',
            },
            401: problem,
            403: problem,
            422: {
              description: 'Refused: every bad field named in errors[]',
              content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
            },
          },
        },
      },
      '/referrals/{id}': {
        get: {
          summary:
            "A referral: its decision, status and the copy of what was shared (force staff; a partner only for her own agency's referrals) — a consultation, audited",
          parameters: uuidPath,
          responses: {
            200: { description: 'The referral; `shared` holds only the fields shared' },
            401: problem,
            403: problem,
            404: problem,
          },
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
