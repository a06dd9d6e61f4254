// Generates Prisma 7's own client (prisma-client-js, no engine) for the test schemas of
// crates/client/tests/prisma_interop.rs (once per provider, into generated/<provider>/client)
// and prisma_interop_native.rs (generated/native-<provider>/client).
//
// The schemas are Refract's fixtures (crates/client-gen/tests/fixtures/all_types.prisma,
// native_postgres.prisma, native_mysql.prisma) with the datasource's provider and the
// generator block replaced. `prisma generate` checks for a
// schema engine it does not use here: PRISMA_SCHEMA_ENGINE_BINARY names any executable so that
// nothing is downloaded.
//
// Run by .ci/run after `npm ci`: `node generate.mjs` (in this folder).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, "../../../client-gen/tests/fixtures");

// (fixture, provider, folder under generated/): the all_types fixture on each database, and
// each provider's native type fixture (prisma_interop_native.rs) on its own.
const clients = [
  ["all_types", "sqlite", "sqlite"],
  ["all_types", "postgresql", "postgresql"],
  ["all_types", "mysql", "mysql"],
  ["native_postgres", "postgresql", "native-postgresql"],
  ["native_mysql", "mysql", "native-mysql"],
];

for (const [name, provider, folder] of clients) {
  const fixture = join(fixtures, `${name}.prisma`);
  const source = readFileSync(fixture, "utf8");
  const schema = source
    .replace(/provider = "(postgresql|mysql)"/, `provider = "${provider}"`)
    .replace(/provider = "refract"/, 'provider = "prisma-client-js"\n  output   = "./client"');
  if (!schema.includes('output   = "./client"')) throw new Error(`unexpected fixture: ${fixture}`);
  const dir = join(here, "generated", folder);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "schema.prisma"), schema);
  execFileSync(
    join(here, "node_modules/.bin/prisma"),
    ["generate", "--schema", join(dir, "schema.prisma")],
    {
      cwd: here,
      stdio: ["ignore", "inherit", "inherit"],
      env: {
        ...process.env,
        PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? "/bin/false",
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
        CHECKPOINT_DISABLE: "1",
      },
    },
  );
}
