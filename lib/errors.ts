/**
 * One error type with a code, an internal message and a user-facing message. Expected failures
 * throw AppError; anything else is a bug and is reported generically (details go to the log).
 */
export const errorCodes = {
  BAD_REQUEST: 400,
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly userMessage: string;
  readonly fieldErrors?: Record<string, string[]>;
  readonly retryAfterSeconds?: number;

  constructor(
    code: ErrorCode,
    options: {
      message?: string;
      userMessage?: string;
      fieldErrors?: Record<string, string[]>;
      retryAfterSeconds?: number;
      cause?: unknown;
    } = {},
  ) {
    const userMessage = options.userMessage ?? defaultUserMessage(code);
    super(options.message ?? userMessage, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.status = errorCodes[code];
    this.userMessage = userMessage;
    this.fieldErrors = options.fieldErrors;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

function defaultUserMessage(code: ErrorCode): string {
  switch (code) {
    case "NOT_FOUND":
      return "Not found.";
    case "FORBIDDEN":
      return "You do not have permission to do that.";
    case "UNAUTHENTICATED":
      return "Please sign in.";
    case "CONFLICT":
      return "That conflicts with the current state. Reload and try again.";
    case "RATE_LIMITED":
      return "Too many attempts. Try again later.";
    case "UNAVAILABLE":
      return "The service is temporarily unavailable. Try again shortly.";
    case "VALIDATION":
    case "BAD_REQUEST":
      return "Some fields need attention.";
    default:
      return "Something went wrong. The error was logged.";
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

export const notFound = (what = "Record") => new AppError("NOT_FOUND", { message: `${what} not found` });
