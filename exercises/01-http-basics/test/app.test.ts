import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { createApp } from '#src/app.ts'

const app = createApp()

describe('health', () => {
  it('GET /health responds 200 (RFC 9110 §15.3.1)', async () => {
    const response = await request(app).get('/health')
    expect(response.status).toBe(200)
  })

  it('GET /health responds with Content-Type application/json (RFC 8259 §11)', async () => {
    const response = await request(app).get('/health')
    expect(response.headers['content-type']).toContain('application/json')
  })

  it('GET /health responds with the body {"status":"ok"}', async () => {
    const response = await request(app).get('/health')
    expect(response.body).toEqual({ status: 'ok' })
  })

  it('HEAD /health responds 200 with the same Content-Type and no body (RFC 9110 §9.3.2)', async () => {
    const response = await request(app).head('/health')
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toContain('application/json')
    expect(response.text ?? '').toBe('')
  })
})

describe('not-found', () => {
  it('GET on an unknown path responds 404 (RFC 9110 §15.5.5)', async () => {
    const response = await request(app).get('/no-such-route')
    expect(response.status).toBe(404)
  })

  it('a 404 has a JSON body, not an HTML page (RFC 8259)', async () => {
    const response = await request(app).get('/no-such-route')
    expect(response.headers['content-type']).toContain('application/json')
    expect(response.body).toEqual(expect.objectContaining({ error: expect.any(String) }))
  })

  it('a 404 message names the method and path the client asked for', async () => {
    const response = await request(app).delete('/widgets/42')
    expect(response.status).toBe(404)
    expect(response.body).toMatchObject({ message: expect.stringContaining('DELETE /widgets/42') })
  })

  it('known routes still work after the 404 handler is added', async () => {
    const response = await request(app).get('/health')
    expect(response.status).toBe(200)
  })
})
