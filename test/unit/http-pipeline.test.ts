import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { BankPrincipal, ChallengePrincipal, SessionPrincipal } from '../../shared/http/authenticate.ts';
import { type HttpRequest, httpHandler } from '../../shared/http/middleware.ts';
import {
  type chooseImageRoute,
  type listAntiphishingImagesRoute,
  logoutRoute,
} from '../../shared/routes/auth.ts';
import type { getCompanyRoute } from '../../shared/routes/bank.ts';
import type { createUserRoute } from '../../shared/routes/users.ts';
import { lambdaContext, restEvent } from '../helpers/events.ts';

describe('The request pipeline: the caller typed by the route’s access (issue 21 §2)', () => {
  it('types request.principal from the route’s access, so handlers need no narrowing', () => {
    expectTypeOf<HttpRequest<typeof createUserRoute>['principal']>().toEqualTypeOf<SessionPrincipal>();
    expectTypeOf<HttpRequest<typeof logoutRoute>['principal']>().toEqualTypeOf<SessionPrincipal>();
    expectTypeOf<HttpRequest<typeof chooseImageRoute>['principal']>().toEqualTypeOf<ChallengePrincipal>();
    expectTypeOf<HttpRequest<typeof getCompanyRoute>['principal']>().toEqualTypeOf<BankPrincipal>();
    expectTypeOf<HttpRequest<typeof listAntiphishingImagesRoute>['principal']>().toEqualTypeOf<{
      kind: 'anonymous';
    }>();
  });

  it('refuses, as a logged 500 that runs nothing, an authenticator that answers another kind of caller', async () => {
    const ran = vi.fn(async () => ({}));
    const lines: string[] = [];
    const handler = httpHandler(
      logoutRoute,
      {
        authenticate: async () => ({ kind: 'anonymous' }),
        write: (line) => lines.push(line),
      },
      ran,
    );

    const response = await handler(
      restEvent({ method: 'POST', path: '/auth/logout', headers: { Authorization: 'Bearer x.y.z' } }),
      lambdaContext(),
    );

    expect(response.statusCode).toBe(500);
    expect(ran).not.toHaveBeenCalled();
    expect(lines.join('\n')).toContain('unhandled error');
  });
});
