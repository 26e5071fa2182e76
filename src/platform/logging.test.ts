import { Writable } from 'node:stream';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import { pinoHttp } from 'pino-http';
import request from 'supertest';
import { createLogger, requestLogOptions } from './logging.ts';

async function linesLoggedAt(level: string): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger(level, sink);
  const app = express();
  app.use(pinoHttp({ logger, ...requestLogOptions(logger) }));
  app.get('/people/:id', (_req, res) => {
    res.cookie('sid', 'secret').send('ok');
  });
  await request(app).get('/people/0f0e?name=Smith').set('Cookie', 'sid=cookievalue42').expect(200);
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

test('one line per request with method, route, status and time, and no headers', async () => {
  const lines = await linesLoggedAt('info');
  assert.equal(lines.length, 1);
  const [line] = lines;
  assert.match(String(line.msg), /^GET \/people\/:id 200 \d+ms$/);
  assert.equal(typeof line.responseTime, 'number');
  assert.doesNotMatch(JSON.stringify(line), /headers|Smith|0f0e|secret/);
});

test('LOG_LEVEL=debug adds the headers, with cookies still redacted', async () => {
  const [line] = await linesLoggedAt('debug');
  assert.match(JSON.stringify(line), /"headers"/);
  assert.doesNotMatch(JSON.stringify(line), /cookievalue42|secret/);
});
