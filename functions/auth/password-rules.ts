import { fillTemplate } from '../../shared/core/template.ts';
import {
  describePolicy,
  type PasswordPolicy,
  passwordRuleMessages,
} from '../../shared/domain/password-policy.ts';
import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { passwordRulesRoute } from '../../shared/routes/auth.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { loginDeps } from '../../shared/runtime/login.ts';

/** GET /auth/password-rules: the rules the screen shows before the user types, from the validator's own policy. */
export const build = (deps: { policy: PasswordPolicy; http: HttpOptions }) =>
  httpHandler(passwordRulesRoute, deps.http, async () => ({
    headers: { 'cache-control': 'public, max-age=300' },
    body: {
      profile: deps.policy.profile,
      minLength: deps.policy.minLength,
      maxLength: deps.policy.maxLength,
      rules: describePolicy(deps.policy).map(({ code, params }) => ({
        code,
        params,
        es: fillTemplate(passwordRuleMessages[code].es, params),
        en: fillTemplate(passwordRuleMessages[code].en, params),
      })),
    },
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(loginDeps(runtime));

export const handler = onColdStart(() => wire(sessionRuntime()));
