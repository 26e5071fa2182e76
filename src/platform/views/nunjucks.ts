import fs, { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type express from 'express';
import nunjucks from 'nunjucks';
import { ROLE_NAMES, type Role } from '../../domain/access/roles.ts';
import { NOT_HELD_TEXT } from '../../domain/assessment/systemsChecklist.ts';
import { formatLondonDate, formatLondonDateTime, formatLondonShortDate, formatLondonTime } from '../../domain/calendar/display.ts';
import { formatProbability } from '../../domain/linkage/display.ts';
import { eventName } from '../../domain/audit/eventNames.ts';
import { maracCriterionName } from '../../domain/risk/marac.ts';
import { taskTypeName } from '../../domain/triage/tasks.ts';
import { paths } from '../../paths.ts';

/** The folder holding src/ (and its templates): the checkout under tsx, dist/ when compiled (`npm run build`). */
const codeRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The folder holding package.json, node_modules/ and public/: the checkout, or the folder dist/ is in. */
const root = existsSync(path.join(codeRoot, 'package.json')) ? codeRoot : path.dirname(codeRoot);

type Loaders = { loaders: { cache: Record<string, unknown>; noCache: boolean }[] };

/**
 * `reloadTemplates` (development only) picks up an edited template at the next render, for editing them while the app
 * runs. Templates stay compiled between renders either way: compiling the assessment page with its layout and GOV.UK
 * macros again on every request took ~300 ms of its server time on the demo force. A watcher on our own template
 * folders forgets the compiled templates when one of them changes; where the platform cannot watch folders, every
 * render reads them again as before.
 */
export function setUpNunjucks(app: express.Express, options: { reloadTemplates: boolean }): nunjucks.Environment {
  const own = [path.join(codeRoot, 'src/platform/views/templates'), path.join(codeRoot, 'src/modules')];
  const env = nunjucks.configure(
    [...own, path.join(root, 'node_modules/govuk-frontend/dist'), path.join(root, 'node_modules/@ministryofjustice/frontend')],
    { autoescape: true, express: app, noCache: false, throwOnUndefined: false },
  );
  if (options.reloadTemplates) forgetTemplatesWhenEdited(env as unknown as Loaders, own);
  app.set('view engine', 'njk');
  env.addGlobal('paths', paths);
  env.addGlobal('serviceName', 'Safeguard');
  env.addGlobal('notHeldText', NOT_HELD_TEXT);
  env.addFilter('londonDate', (d: Date | string | null | undefined) => (d ? formatLondonDate(new Date(d)) : ''));
  env.addFilter('londonShortDate', (d: Date | string | null | undefined) => (d ? formatLondonShortDate(new Date(d)) : ''));
  env.addFilter('londonTime', (d: Date | string | null | undefined) => (d ? formatLondonTime(new Date(d)) : ''));
  env.addFilter('londonDateTime', (d: Date | string | null | undefined) => (d ? formatLondonDateTime(new Date(d)) : ''));
  env.addFilter('probability', (p: number | string) => formatProbability(Number(p)));
  env.addFilter('auditEventName', (action: string, outcome?: string) => eventName(action, outcome));
  env.addFilter('roleName', (r: string) => ROLE_NAMES[r as Role] ?? r);
  // The domain's words for codes a person reads: one place for each list of labels.
  env.addFilter('maracCriterion', (c: string) => maracCriterionName(c));
  env.addFilter('taskType', (t: string) => taskTypeName(t));
  // A calendar date (YYYY-MM-DD) as London writes it, such as a release date.
  env.addFilter('localDate', (d: string | null | undefined) => (d ? formatLondonDate(new Date(`${d}T12:00:00Z`)) : ''));
  env.addFilter('dob', (d: string | null | undefined) => (d ? formatLondonDate(new Date(`${d}T12:00:00Z`)) : 'Not known'));
  return env;
}

export const projectRoot = root;

function forgetTemplatesWhenEdited(env: Loaders, folders: string[]): void {
  const forget = () => {
    for (const loader of env.loaders) loader.cache = {};
  };
  // One plain watcher per folder (a recursive one would keep the process alive); a folder made later needs a restart.
  const each = folders.flatMap((folder) => [
    folder,
    ...fs
      .readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => path.join(e.parentPath, e.name)),
  ]);
  try {
    for (const folder of each) {
      const watcher = fs.watch(folder, (_event, file) => {
        if (!file || file.endsWith('.njk')) forget();
      });
      watcher.on('error', () => {});
      watcher.unref();
    }
  } catch {
    for (const loader of env.loaders) loader.noCache = true;
  }
}
