/** The tasks module's public face: other modules, src/services.ts, src/app.ts, scripts, bench and e2e import it only from here. */
export { taskRoutes } from './routes.ts';
export { HOME_TASK_LIMIT, TaskService } from './service.ts';
