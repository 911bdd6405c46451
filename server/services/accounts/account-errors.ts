/** Errors with the HTTP status and code the error handler answers ({ error: { code, message } }). */
export function accountError(statusCode: number, code: string, message: string): Error {
  return Object.assign(new Error(message), { statusCode, code });
}

/** The one answer to every failed login: never says whether the account exists. */
export const BAD_LOGIN = 'email or password is wrong';
