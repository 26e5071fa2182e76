import { z } from 'zod';
import { APPLICANT_KINDS, DVDS_ROUTES } from '../../domain/dvds/stages.ts';
import type { PersonChoice } from './service.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const personSchema = (name: string) =>
  z
    .object(
      {
        personId: z.string().regex(UUID, `${name}.personId must be a UUID`).optional(),
        givenName: z.string().max(100).optional(),
        familyName: z.string().max(100).optional(),
        dateOfBirth: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/, `${name}.dateOfBirth must be YYYY-MM-DD`)
          .nullish(),
      },
      { message: `${name} is required: { personId } of an existing person, or { givenName, familyName, dateOfBirth }` },
    )
    .strict()
    .transform((p): PersonChoice =>
      p.personId
        ? { personId: p.personId }
        : { givenName: p.givenName ?? '', familyName: p.familyName ?? '', dateOfBirth: p.dateOfBirth ?? null },
    );

/** `POST /api/v1/dvds-applications` */
export const dvdsApiSchema = z
  .object({
    route: z.enum(DVDS_ROUTES, { message: `route must be one of ${DVDS_ROUTES.join(', ')}` }),
    applicantKind: z.enum(APPLICANT_KINDS, { message: `applicantKind must be one of ${APPLICANT_KINDS.join(', ')}` }).nullish(),
    applicant: personSchema('applicant'),
    atRisk: personSchema('atRisk').nullish(),
    subject: personSchema('subject'),
    relationship: z.string({ message: 'relationship is required' }).max(500, 'relationship must be 500 characters or fewer'),
    concern: z.string({ message: 'concern is required' }).max(4000, 'concern must be 4,000 characters or fewer'),
    receivedAt: z
      .string({ message: 'receivedAt is required (ISO 8601)' })
      .datetime({ offset: true, message: 'receivedAt must be an ISO 8601 date and time' }),
  })
  .strict()
  .transform((v) => ({
    route: v.route,
    applicantKind: v.applicantKind ?? null,
    applicant: v.applicant,
    atRisk: v.atRisk ?? null,
    subject: v.subject,
    relationship: v.relationship,
    concern: v.concern,
    receivedAt: new Date(v.receivedAt),
  }));
