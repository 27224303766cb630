// Prisma CLI configuration (Prisma 6.19, offline): the WASM schema engine through the pg driver
// adapter. Two adapter-pg defects are worked around here, for the CLI only (see README,
// "Prisma offline"); the app's runtime client (lib/db.ts) needs neither.
import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { defineConfig } from "prisma/config";

// Three workarounds in all:
// 1. The schema engine's catalog queries return columns of type "char" (OID 18) and name (OID 19),
//    which adapter-pg 6.19 cannot map (prisma/orm#27403). Report them as text (OID 25).
type RowDescription = { fields: { dataTypeID: number }[] };
const queryProto = (pg as unknown as { Query: { prototype: Record<string, unknown> } }).Query.prototype;
if (!queryProto.__recourseCharAsText) {
  const original = queryProto.handleRowDescription as (this: unknown, msg: RowDescription) => void;
  queryProto.handleRowDescription = function (this: unknown, msg: RowDescription) {
    for (const field of msg.fields) {
      if (field.dataTypeID === 18 || field.dataTypeID === 19) field.dataTypeID = 25;
    }
    return original.call(this, msg);
  };
  queryProto.__recourseCharAsText = true;
}

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Run Prisma through `npm run db:migrate` / `npm run -s prisma -- …`, which start the embedded database when needed.",
    );
  }
  return url;
}

// 2. `migrate dev` needs a shadow database; adapter-pg's own connectToShadowDb reconnects to the
//    main database (a connectionString overrides `database`) and drops the shadow before closing
//    its pool. Create a uniquely named database, connect with discrete fields, close, then drop.
// 3. adapter-pg's executeScript splits migration scripts on ";", which breaks function bodies
//    (plpgsql triggers). Send the whole script as one simple query instead (also atomic).
type ScriptAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;
function wholeScripts<T extends ScriptAdapter>(adapter: T): T {
  const pool = adapter.underlyingDriver() as pg.Pool;
  adapter.executeScript = async (script: string) => {
    try {
      await pool.query(script);
    } catch (error) {
      (adapter as unknown as { onError(e: unknown): never }).onError(error);
    }
  };
  return adapter;
}

class RecoursePgFactory extends PrismaPg {
  constructor(private readonly url: string) {
    super({ connectionString: url, application_name: "recourse-prisma-cli" });
  }

  override async connect() {
    return wholeScripts(await super.connect());
  }

  override async connectToShadowDb() {
    const admin = await this.connect();
    const name = `prisma_shadow_${randomUUID().replaceAll("-", "")}`;
    await admin.executeScript(`CREATE DATABASE "${name}"`);
    const parsed = new URL(this.url);
    const shadowFactory = new PrismaPg({
      host: parsed.hostname,
      port: Number(parsed.port || 5432),
      user: decodeURIComponent(parsed.username),
      password: decodeURIComponent(parsed.password),
      database: name,
    });
    const shadow = wholeScripts(await shadowFactory.connect());
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await admin.executeScript(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.dispose();
    };
    return shadow;
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    return new RecoursePgFactory(databaseUrl());
  },
});
