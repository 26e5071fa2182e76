export { OrderService, OrderRefused, OrderChanged, type NewOrder, type OrderSummary } from './service.ts';
export { orderApiSchema } from './schemas.ts';
