/**
 * Operations CLI: `npm run -s cli -- <command> [options]`. Each command prints one line of compact
 * JSON on stdout; errors print {"error":{"code","message"}} on stderr and exit 1. Uses the same
 * database as `npm start` (DATABASE_URL, or the embedded PostgreSQL of RECOURSE_DATA_DIR).
 */
import { parseArgs } from "node:util";
import { applySecretsToEnv, ensureDatabase, migrateIfNeeded } from "./lib/runtime.ts";
import { commands } from "./lib/cli-commands.ts";

function fail(code: string, message: string): never {
  process.stderr.write(JSON.stringify({ error: { code, message } }) + "\n");
  process.exit(1);
}

const [name, ...rest] = process.argv.slice(2);
if (!name || name === "help" || name === "--help") {
  process.stdout.write(
    JSON.stringify({ commands: Object.entries(commands).map(([command, c]) => ({ command, usage: c.usage })) }) + "\n",
  );
  process.exit(0);
}
const command = commands[name];
if (!command) fail("UNKNOWN_COMMAND", `Unknown command "${name}". Run \`npm run -s cli -- help\`.`);

let parsed: ReturnType<typeof parseArgs>;
try {
  parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
} catch (error) {
  fail("BAD_ARGUMENTS", `${error instanceof Error ? error.message : String(error)}. Usage: ${command.usage}`);
}

applySecretsToEnv();
const database = await ensureDatabase();
process.env.DATABASE_URL = database.url;
let exitCode = 0;
try {
  await migrateIfNeeded(database.url);
  const result = await command.run(parsed.values as Record<string, string | boolean | undefined>, parsed.positionals);
  process.stdout.write(JSON.stringify(result) + "\n");
} catch (error) {
  const { isAppError } = await import("@/lib/errors");
  if (isAppError(error)) {
    const details = error.fieldErrors
      ? Object.entries(error.fieldErrors).map(([k, v]) => `${k}: ${[...new Set(v)].join(" ")}`).join("; ")
      : null;
    const message = error.code === "VALIDATION" && details ? details : error.userMessage;
    process.stderr.write(JSON.stringify({ error: { code: error.code, message } }) + "\n");
  } else {
    process.stderr.write(JSON.stringify({ error: { code: "INTERNAL", message: error instanceof Error ? error.message : String(error) } }) + "\n");
  }
  exitCode = 1;
} finally {
  const { getDb } = await import("@/lib/db");
  await getDb().$disconnect().catch(() => undefined);
  await database.stop();
}
process.exit(exitCode);
