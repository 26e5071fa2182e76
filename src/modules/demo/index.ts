/** The demo module's public face: other modules, src/services.ts, src/app.ts, scripts, bench and e2e import it only from here. */
export { DEMO_ACCOUNTS, DEMO_AGENCIES, DEMO_PASSWORD, DEMO_TEAMS } from './accounts.ts';
export { demoForceIncomplete, loadDemoForce, loadDemoIncidents } from './load.ts';
export { databaseIsEmpty, demoAccountsBanner, loadDemoOrganisation } from './service.ts';
