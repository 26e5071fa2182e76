import { signInOverHttp, timedGet } from '../../../bench/load/http.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services.ts';
import { DEMO_PASSWORD } from '../../modules/demo/index.ts';
import { actorFromUser } from '../../modules/users/index.ts';
import { p50p95 } from './stats.ts';

/** The demo force's proportion of panic alarms to incidents (20 over 3,000: src/modules/demo/support.ts). */
const ALARMS_PER_INCIDENT = 20 / 3000;
const DAY = 86_400_000;

/**
 * The panic alarm register and an alarm page, and the Second Responder list, on the loaded force with the demo
 * proportion of alarms: issued through the alarm service (checked and audited as the support officer's would be) to
 * the latest victims until the register holds that many; then the pages timed over HTTP as the support officer.
 */
export async function benchSupport(services: Services, baseUrl: string, scale: number, loads: number): Promise<string> {
  const wanted = Math.max(1, Math.ceil(scale * ALARMS_PER_INCIDENT));
  const user = await services.db.selectFrom('app_user').selectAll().where('username', '=', 'support').executeTakeFirstOrThrow();
  const actor = actorFromUser(user, 'cli');
  const now = services.clock.now();
  const { out } = await services.alarms.counts();
  if (out < wanted) {
    const pairs = await services.incidents.victimSuspectPairs(
      services.db,
      { from: new Date(0), before: new Date(now.getTime() - DAY) },
      wanted - out,
    );
    for (const [i, p] of pairs.entries()) {
      await services.alarms.issue(actor, {
        personId: p.victimId,
        device: 'tecsos-handset',
        serialNumber: `BENCH-${now.getTime()}-${i}`,
        installer: 'Bench installer',
        issuedOn: new Date(Math.min(p.reportedAt.getTime() + DAY, now.getTime())).toISOString().slice(0, 10),
        notes: null,
      });
    }
  }
  const cookie = await signInOverHttp(baseUrl, 'support', DEMO_PASSWORD);
  const time = async (url: string) => {
    const ms: number[] = [];
    for (let i = 0; i < loads; i++) ms.push(await timedGet(`${baseUrl}${url}`, { cookie }));
    return ms;
  };
  const register = await time(`${paths.alarms.register}?view=out`);
  const sample = await services.alarms.register(actor, 'out', 1);
  const pages: number[] = [];
  for (let i = 0; i < loads && sample.alarms.length; i++)
    pages.push(await timedGet(`${baseUrl}${paths.alarms.show({ id: sample.alarms[i % sample.alarms.length].id })}`, { cookie }));
  const list = await time(paths.secondResponder.list);
  const counts = await services.alarms.counts();
  return (
    `panic alarm register (GET /alarms?view=out as the support officer, ${counts.out} alarms out, ${register.length} loads): ${p50p95(register)}; ` +
    `alarm page (GET /alarms/:id, ${pages.length} loads): ${pages.length ? p50p95(pages) : 'not measured (no alarms)'}; ` +
    `Second Responder list (GET /second-responder, ${list.length} loads): ${p50p95(list)}`
  );
}
