/** The audit module's public face: other modules, src/services.ts, src/app.ts, scripts, bench and e2e import it only from here. */
export { auditRoutes } from './routes.ts';
export { AuditLogService } from './service.ts';
