/** The enquiries register's public face: other modules import only this. */
export {
  EnquiryChanged,
  EnquiryRejected,
  EnquiryService,
  NoSuchEnquiry,
  RESPONSE_DAYS_SETTING,
  type Enquiry,
  type EnquiryDetail,
  type EnquiryListFilter,
  type EnquirySubject,
} from './service.ts';
export { decisionSchema, enquirySchema, type DecisionForm, type EnquiryForm } from './schemas.ts';
