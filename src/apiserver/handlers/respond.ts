/** Writes an API object in the negotiated form. */
import type { FastifyReply } from 'fastify';
import { stringify as toYaml } from 'yaml';
import type { ResponseForm } from './negotiation';

export function respond(reply: FastifyReply, code: number, body: unknown, form: ResponseForm): FastifyReply {
  reply.code(code);
  if (form.kind === 'yaml') return reply.type('application/yaml').send(toYaml(body));
  return reply.type('application/json').send(JSON.stringify(body));
}
