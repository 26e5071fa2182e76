export { OrderChanged, OrderRefused, OrderService } from './service.ts';
export type { NewOrder, OrderSummary } from './service.ts';
export { orderApiSchema } from './schemas.ts';
export { orderRoutes } from './routes.ts';
