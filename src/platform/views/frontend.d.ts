declare module 'govuk-frontend' {
  export function initAll(): void;
}
declare module '@ministryofjustice/frontend' {
  export function initAll(): void;
}
