import { config } from '#shared/config.ts';
import type { LoginThrottleRules } from '#shared/domain/accounts/login-throttle.ts';

/** The sign-in throttling rules as configured (the password step and the second factor's codes share them). */
export const throttleRules = (): LoginThrottleRules => {
  const settings = config();
  return {
    freeFailures: settings.LOGIN_FAILURE_LIMIT,
    backoffBaseSeconds: settings.LOGIN_BACKOFF_BASE_SECONDS,
    backoffMaxSeconds: settings.LOGIN_BACKOFF_MAX_SECONDS,
    accountLimit: settings.LOGIN_ACCOUNT_FAILURE_LIMIT,
    sourceLimit: settings.LOGIN_SOURCE_FAILURE_LIMIT,
    windowSeconds: settings.LOGIN_FAILURE_WINDOW_SECONDS,
  };
};
