import { inject } from "vitest";

// Every worker talks to the run's fresh database; the pool is tagged so fault-injection tests can
// find (and kill) its connections.
process.env.DATABASE_URL = inject("databaseUrl");
(process.env as Record<string, string>).NODE_ENV = "test";
process.env.RECOURSE_LOG_LEVEL ??= "error";
