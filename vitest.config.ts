import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // The app marks server modules with "server-only"; tests run them in plain Node.
      "server-only": path.resolve(import.meta.dirname, "lib/testing/server-only-stub.ts"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "app/**/*.test.ts", "components/**/*.test.{ts,tsx}", "scripts/**/*.test.ts", "prisma/**/*.test.ts"],
    globalSetup: ["./vitest.global-setup.ts"],
    setupFiles: ["./vitest.setup.ts"],
    pool: "forks",
    // --expose-gc lets memory-bound tests measure live heap, not garbage
    execArgv: ["--expose-gc"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
