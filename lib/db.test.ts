import { afterAll, describe, expect, it } from "vitest";
import { createPool, db, pgTransaction, sqlClient } from "@/lib/db";
import { makeOrganisation } from "@/lib/testing/factories";

/** The node-postgres side of lib/db.ts: results shaped like Prisma's raw results, and transactions that commit, roll back and survive a dead connection. */
const pool = createPool({ max: 2, applicationName: "recourse-test-pg" });
afterAll(() => pool.end());

describe("sqlClient", () => {
  it("returns what Prisma's raw queries return for the same SQL", async () => {
    const text = `SELECT count(*) AS n, 7::int AS i, now() AS at, '{"a":[1]}'::jsonb AS j, '\\x0102'::bytea AS b, ARRAY['x','y'] AS arr, NULL::text AS nothing`;
    const [viaPg] = await sqlClient(pool).$queryRawUnsafe<Record<string, unknown>[]>(text);
    const [viaPrisma] = await db.$queryRawUnsafe<Record<string, unknown>[]>(text);
    expect(typeof viaPg!.n).toBe("bigint");
    expect(viaPg!.n).toBe(viaPrisma!.n);
    expect(viaPg!.i).toBe(7);
    expect(viaPg!.at).toBeInstanceOf(Date);
    expect(viaPg!.j).toEqual(viaPrisma!.j);
    expect([...(viaPg!.b as Uint8Array)]).toEqual([1, 2]);
    expect(viaPg!.arr).toEqual(["x", "y"]);
    expect(viaPg!.nothing).toBeNull();
  });

  it("counts the rows a statement changed", async () => {
    const org = await makeOrganisation();
    const changed = await sqlClient(pool).$executeRawUnsafe(`UPDATE "Organisation" SET name = name WHERE id = $1`, org.id);
    expect(changed).toBe(1);
  });
});

describe("pgTransaction", () => {
  it("commits what the function wrote", async () => {
    const org = await makeOrganisation();
    await pgTransaction(pool, (tx) => tx.$executeRawUnsafe(`UPDATE "Organisation" SET name = 'Committed' WHERE id = $1`, org.id));
    expect((await db.organisation.findUniqueOrThrow({ where: { id: org.id } })).name).toBe("Committed");
  });

  it("rolls back everything when the function throws", async () => {
    const org = await makeOrganisation();
    await expect(
      pgTransaction(pool, async (tx) => {
        await tx.$executeRawUnsafe(`UPDATE "Organisation" SET name = 'Rolled back' WHERE id = $1`, org.id);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect((await db.organisation.findUniqueOrThrow({ where: { id: org.id } })).name).not.toBe("Rolled back");
  });

  it("a connection killed mid-transaction fails that call only; the pool serves the next one", async () => {
    await expect(pgTransaction(pool, (tx) => tx.$queryRawUnsafe("SELECT pg_terminate_backend(pg_backend_pid())"))).rejects.toThrow();
    const [row] = await pgTransaction(pool, (tx) => tx.$queryRawUnsafe<{ ok: number }[]>("SELECT 1 AS ok"));
    expect(row!.ok).toBe(1);
  });
});
