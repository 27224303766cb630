/**
 * Runs the Prisma CLI against the project's database: DATABASE_URL when set, otherwise the
 * embedded PostgreSQL (started for the duration of the command when npm start is not running).
 *   npm run db:migrate              → prisma migrate dev
 *   npm run -s prisma -- studio     → any prisma command
 */
import { bin, ensureDatabase, run } from "./lib/runtime.ts";

const args = process.argv.slice(2);
const database = await ensureDatabase();
let code = 1;
try {
  code = await run(bin("prisma"), args, { env: { ...process.env, DATABASE_URL: database.url } });
} finally {
  await database.stop();
}
process.exit(code);
