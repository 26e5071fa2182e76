/** The officer advice log's public face: other modules import only this. */
export { AdviceRejected, OfficerAdviceService, type OfficerAdvice } from './service.ts';
export { adviceSchema, type AdviceForm } from './schemas.ts';
