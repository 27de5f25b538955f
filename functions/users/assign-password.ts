import type { CompanyStore } from '../../shared/data/companies.ts';
import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { route } from '../../shared/routes/users.ts';
import { baseDeps } from '../../shared/runtime/base.ts';
import { loginDeps } from '../../shared/runtime/login.ts';
import { assignUserPassword, type LoginDeps } from '../../shared/services/login.ts';
import { originOf, sessionPrincipal } from '../auth/origin.ts';

/** PUT /users/{userCode}/password ("Asignar Clave", steps 15–18): the administrator sets an end user's password. */
export const build = (deps: LoginDeps & { companies: CompanyStore; http: HttpOptions }) =>
  httpHandler(route('assignUserPassword'), deps.http, async (request) => {
    const { user: admin } = sessionPrincipal(request);
    const { userCode } = request.path;
    const target = await deps.companies.getUser(admin.companyCode, userCode);
    return { body: await assignUserPassword(deps, admin, target, userCode, request.body, originOf(request)) };
  });

export const handler = onColdStart(() => build({ ...loginDeps(), companies: baseDeps().store }));
