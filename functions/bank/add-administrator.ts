import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { addAdministratorRoute } from '../../shared/routes/bank.ts';
import { administratorDeps } from '../../shared/runtime/administrators.ts';
import { type CoreRuntime, coreRuntime } from '../../shared/runtime/core.ts';
import { withMail } from '../../shared/runtime/mail.ts';
import type { Mailing } from '../../shared/runtime/mailing.ts';
import {
  type AdministratorDeps,
  addAdministrator,
  bankAdministratorActor,
} from '../../shared/services/administrators.ts';
import { bankOrigin } from './origin.ts';

/** POST /bank/companies/{companyCode}/administrators: one more administrator, with their generic password e-mailed. */
export const build = (deps: AdministratorDeps & { http: HttpOptions }) =>
  httpHandler(addAdministratorRoute, deps.http, async (request) => ({
    body: await addAdministrator(
      deps,
      request.path.companyCode,
      request.body,
      bankAdministratorActor(bankOrigin(request)),
    ),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: CoreRuntime & Mailing) => build(administratorDeps(runtime));

export const handler = onColdStart(() => wire(withMail(coreRuntime())));
