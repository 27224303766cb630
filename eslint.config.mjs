// ESLint (flat config), run with the `eslint` CLI. Besides TypeScript, React hooks and Next rules,
// it enforces the import boundaries of STYLE.md §2 ("dependencies point inward") and keeps
// process.env inside lib/env.ts.
import fs from "node:fs";
import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

const providerDirs = fs.existsSync("lib/providers")
  ? fs.readdirSync("lib/providers", { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)
  : [];

/** no-restricted-imports with the given forbidden patterns (type-only imports allowed where noted). */
const restrict = (patterns) => ({ "no-restricted-imports": ["error", { patterns: patterns.filter((p) => p.group.length > 0) }] });
const group = (names, message, allowTypeImports = false) => ({ group: names, message, allowTypeImports });

export default tseslint.config(
  { ignores: [".next/**", "node_modules/**", "lib/generated/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  ...tseslint.configs.recommended,
  {
    plugins: { "@next/next": nextPlugin, "react-hooks": reactHooks },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@next/next/no-html-link-for-pages": "off",
    },
  },
  // Only lib/env.ts reads the environment (scripts, configs and tests set it up).
  {
    files: ["app/**", "components/**", "lib/**"],
    ignores: ["lib/env.ts", "**/*.test.ts", "**/*.test.tsx", "lib/testing/**"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through getEnv() from lib/env.ts." }],
    },
  },
  // app/: thin. Never the database or a provider folder; only the webhook route runs the pipeline.
  {
    files: ["app/**"],
    rules: restrict([
      group(["@/lib/db", "@/lib/generated/*"], "app/ reads data through lib/domain.", true),
      group(["@/lib/providers/*/*"], "app/ never imports a provider folder; use the registry through lib/ingest or lib/domain."),
      group(["@/lib/testing/*"], "Test helpers are for tests."),
    ]),
  },
  {
    files: ["app/**"],
    // the webhook route runs the pipeline; the delivery log replays through it
    ignores: ["app/api/webhooks/**", "app/api/bench/**", "app/(app)/events/**"],
    rules: restrict([
      group(["@/lib/db", "@/lib/generated/*"], "app/ reads data through lib/domain.", true),
      group(["@/lib/providers/*/*"], "app/ never imports a provider folder."),
      group(["@/lib/ingest", "@/lib/ingest/*"], "Only the webhook route imports lib/ingest."),
      group(["@/lib/testing/*"], "Test helpers are for tests."),
    ]),
  },
  // components/: UI only. Data arrives as props; only types from lib/domain.
  {
    files: ["components/**"],
    rules: restrict([
      group(["@/lib/db", "@/lib/generated/*", "@/lib/auth", "@/lib/auth/*", "@/lib/ingest", "@/lib/ingest/*", "@/lib/jobs/*", "@/lib/providers/*"], "components/ are UI only: data arrives as props."),
      group(["@/lib/domain/*", "@/lib/domain/**"], "components/ may only import types from lib/domain.", true),
      group(["@/app/*"], "components/ never import app/."),
    ]),
  },
  // lib/: never app/ or components/.
  {
    files: ["lib/**"],
    rules: restrict([group(["@/app/*", "@/components/*"], "Nothing in lib/ imports app/ or components/.")]),
  },
  // lib/domain: usable from Vitest, jobs and scripts: no Next, no auth, no providers.
  {
    files: ["lib/domain/**"],
    rules: restrict([
      group(["next", "next/*", "next-auth", "next-auth/*"], "lib/domain must not depend on Next."),
      group(["@/lib/auth", "@/lib/auth/*", "@/lib/ingest", "@/lib/ingest/*", "@/lib/jobs/*"], "lib/domain sits below auth, ingest and jobs."),
      group(["@/app/*", "@/components/*"], "Nothing in lib/ imports app/ or components/."),
    ]),
  },
  // lib/providers/<name>: shared types, zod, errors. Never the database, the domain or a sibling.
  ...providerDirs.map((name) => ({
    files: [`lib/providers/${name}/**`],
    ignores: ["**/*.test.ts"],
    rules: restrict([
      group(["@/lib/db", "@/lib/generated/*", "@/lib/domain/*", "@/lib/domain/**", "@/lib/ingest/*", "@/lib/jobs/*"], "Provider folders map to domain inputs; lib/ingest persists them.", true),
      group(
        providerDirs.filter((other) => other !== name).flatMap((other) => [`@/lib/providers/${other}`, `@/lib/providers/${other}/*`, `../${other}/*`]),
        "A provider never imports a sibling provider.",
      ),
    ]),
  })),
  {
    files: ["**/*.test.ts", "**/*.test.tsx", "e2e/**", "scripts/**", "bench/**", "prisma/**", "*.config.*"],
    rules: { "@typescript-eslint/no-non-null-assertion": "off" },
  },
);
