import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import session from 'express-session';
import { saveSessionBeforeRedirect } from './session.ts';

/** A session store whose writes take a while, as PostgreSQL's do on a busy machine. */
class SlowStore extends session.MemoryStore {
  saves: number[] = [];
  override set(sid: string, s: session.SessionData, callback?: (err?: unknown) => void): void {
    setTimeout(() => {
      super.set(sid, s, (err) => {
        this.saves.push(Date.now());
        callback?.(err);
      });
    }, 150);
  }
}

async function redirectTimes(withMiddleware: boolean) {
  const store = new SlowStore();
  const app = express();
  app.use(session({ store, secret: 'test', resave: false, saveUninitialized: false }));
  if (withMiddleware) app.use(saveSessionBeforeRedirect);
  app.post('/save', (req, res) => {
    req.session.flash = { text: 'Saved' };
    res.redirect(303, '/next');
  });
  app.post('/anonymous', (_req, res) => res.redirect(303, '/next'));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  // The moment the status line and headers arrive is when a browser starts following the redirect.
  const headersAt = (path: string) =>
    new Promise<{ at: number; status: number }>((resolve, reject) => {
      const req = http.request({ port, host: '127.0.0.1', path, method: 'POST' }, (res) => {
        resolve({ at: Date.now(), status: res.statusCode ?? 0 });
        res.resume();
      });
      req.on('error', reject);
      req.end();
    });
  try {
    const saved = await headersAt('/save');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const savesAfterSave = store.saves.length;
    await headersAt('/anonymous');
    return { saved, firstSaveAt: store.saves[0], anonymousSaves: store.saves.length - savesAfterSave };
  } finally {
    server.close();
  }
}

test('without the guard express-session sends the redirect before the session is stored (the race it closes)', async () => {
  const { saved, firstSaveAt } = await redirectTimes(false);
  assert.equal(saved.status, 303);
  assert.ok(saved.at < firstSaveAt, 'headers went out before the save finished');
});

test('a redirect is sent only once the session holding the flash message is stored', async () => {
  const { saved, firstSaveAt, anonymousSaves } = await redirectTimes(true);
  assert.equal(saved.status, 303);
  assert.ok(firstSaveAt <= saved.at, 'the save finished before the redirect left');
  assert.equal(anonymousSaves, 0, 'an empty session is not written just because of a redirect');
});
