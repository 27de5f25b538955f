import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { removeAdministratorRoute } from '../../shared/routes/bank.ts';
import { administratorDeps } from '../../shared/runtime/administrators.ts';
import { type CoreRuntime, coreRuntime } from '../../shared/runtime/core.ts';
import { withMail } from '../../shared/runtime/mail.ts';
import type { Mailing } from '../../shared/runtime/mailing.ts';
import {
  type AdministratorDeps,
  bankAdministratorActor,
  removeAdministrator,
} from '../../shared/services/administrators.ts';
import { bankOrigin } from './origin.ts';

/** DELETE /bank/companies/{companyCode}/administrators/{userCode}: never the last one who administers. */
export const build = (deps: AdministratorDeps & { http: HttpOptions }) =>
  httpHandler(removeAdministratorRoute, deps.http, async (request) => ({
    body: await removeAdministrator(
      deps,
      request.path.companyCode,
      request.path.userCode,
      bankAdministratorActor(bankOrigin(request)),
    ),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: CoreRuntime & Mailing) => build(administratorDeps(runtime));

export const handler = onColdStart(() => wire(withMail(coreRuntime())));
