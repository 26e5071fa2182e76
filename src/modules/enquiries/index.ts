/** The enquiries register's public face: other modules import only this. */
export { EnquiryChanged, EnquiryRejected, EnquiryService, NoSuchEnquiry, RESPONSE_DAYS_SETTING } from './service.ts';
export type { Enquiry, EnquiryDetail, EnquiryListFilter, EnquirySubject } from './service.ts';
export { decisionSchema, enquirySchema } from './schemas.ts';
export type { DecisionForm, EnquiryForm } from './schemas.ts';
export { enquiryRoutes } from './routes.ts';
