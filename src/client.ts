// The only script in the browser: GOV.UK and MoJ components, progressively enhanced.
import { initAll as initGovuk } from 'govuk-frontend';
import { initAll as initMoj } from '@ministryofjustice/frontend';
import { watchImportProgress } from './modules/imports/progress.client.ts';
import { enableCopyNotice } from './modules/tasks/copyNotice.client.ts';
import { startCountdowns } from './modules/orders/countdown.client.ts';

initGovuk();
initMoj();
watchImportProgress();
enableCopyNotice();
startCountdowns();
