import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import request from 'supertest';
import { paths } from '../paths.ts';
import { createTestApp, signIn, type TestApp } from '../testing/app.ts';
import { Conflict, conflictGoesBackTo, errorHandler, NotFound } from './errors.ts';
import { createLogger } from './logging.ts';
import { setUpNunjucks } from './views/nunjucks.ts';

/**
 * Services say what went wrong in the domain's words (NotFound, Conflict); the one error handler turns that into
 * HTTP: 404 and 409, as a page for a person and as problem+json on the API.
 */
describe('NotFound and Conflict, mapped in one place', () => {
  const app = express();
  setUpNunjucks(app, { reloadTemplates: false });
  app.get(['/tasks/:id', '/api/v1/tasks/:id'], () => {
    throw new NotFound('No such task');
  });
  app.post(['/tasks/:id/claim', '/api/v1/tasks/:id/claim'], (req, res) => {
    conflictGoesBackTo(res, `/tasks/${req.params.id}`);
    throw new Conflict('Someone else has claimed this task.');
  });
  app.use(errorHandler(createLogger('silent'), true));

  test('a NotFound is the not-found page, status 404', async () => {
    const res = await request(app).get('/tasks/1').expect(404);
    assert.match(res.text, /Page not found/);
  });

  test('a NotFound on the API is a 404 problem+json naming what was not found', async () => {
    const res = await request(app).get('/api/v1/tasks/1').expect(404);
    assert.match(res.headers['content-type'], /application\/problem\+json/);
    assert.deepEqual(JSON.parse(res.text), { type: 'about:blank', title: 'Page not found', status: 404, detail: 'No such task' });
  });

  test('a Conflict is the conflict page, status 409, with what changed and a link back to the latest version', async () => {
    const res = await request(app).post('/tasks/1/claim').expect(409);
    assert.match(res.text, /data-qa="conflict"/);
    assert.match(res.text, /data-qa="conflict-message">Someone else has claimed this task\.</);
    assert.match(res.text, /href="\/tasks\/1" data-qa="conflict-back"/);
  });

  test('a Conflict on the API is a 409 problem+json', async () => {
    const res = await request(app).post('/api/v1/tasks/1/claim').expect(409);
    assert.match(res.headers['content-type'], /application\/problem\+json/);
    assert.equal(JSON.parse(res.text).detail, 'Someone else has claimed this task.');
  });
});

describe('a service that finds nothing, in the running app', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('a task that does not exist is the not-found page (TaskService.show throws NotFound)', async () => {
    const agent = await signIn(t.app, 'support');
    const res = await agent.get(paths.tasks.show({ id: randomUUID() })).expect(404);
    assert.match(res.text, /Page not found/);
  });
});
