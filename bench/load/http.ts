import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type express from 'express';

/** The real app listening on a free loopback port, for measuring it as a browser or the force's systems see it. */
export async function listenOnLoopback(app: express.Express): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]);

/** Signs in through the sign-in form; answers the Cookie header that carries the session. */
export async function signInOverHttp(baseUrl: string, username: string, password: string): Promise<string> {
  const page = await fetch(`${baseUrl}/sign-in`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!csrf) throw new Error('No CSRF token on the sign-in page');
  const jar = new Map(cookiesOf(page).map((c) => [c.split('=')[0], c] as const));
  const res = await fetch(`${baseUrl}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...jar.values()].join('; ') },
    body: new URLSearchParams({ _csrf: csrf, username, password }).toString(),
  });
  await res.arrayBuffer();
  if (res.status !== 303) throw new Error(`Sign-in of ${username} failed with ${res.status}`);
  for (const c of cookiesOf(res)) jar.set(c.split('=')[0], c);
  return [...jar.values()].join('; ');
}

/** Times one request, reading the whole body; fails on an unexpected status. */
export async function timedGet(url: string, headers: Record<string, string> = {}, expected = 200): Promise<number> {
  const started = performance.now();
  const res = await fetch(url, { headers, redirect: 'manual' });
  await res.arrayBuffer();
  const ms = performance.now() - started;
  if (res.status !== expected) throw new Error(`GET ${url} answered ${res.status}`);
  return ms;
}

/** Requests per second from `concurrency` loops over `urls`, stopping at `maxRequests` or `seconds`. */
export async function throughput(
  urls: string[],
  headers: Record<string, string>,
  { concurrency, seconds, maxRequests }: { concurrency: number; seconds: number; maxRequests: number },
): Promise<{ requests: number; seconds: number; perSecond: number; errors: number }> {
  const started = performance.now();
  const until = started + seconds * 1000;
  let requests = 0;
  let errors = 0;
  const loop = async (offset: number) => {
    for (let i = offset; performance.now() < until && requests < maxRequests; i++) {
      requests++;
      const res = await fetch(urls[i % urls.length], { headers, redirect: 'manual' }).catch(() => undefined);
      if (!res || res.status !== 200) errors++;
      await res?.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => loop(i)));
  const elapsed = (performance.now() - started) / 1000;
  return { requests, seconds: elapsed, perSecond: requests / elapsed, errors };
}
