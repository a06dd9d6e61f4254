// Generates Prisma 7's own client (prisma-client-js, no engine) for the test schema of
// crates/client/tests/prisma_interop.rs, once per provider, into generated/<provider>/client.
//
// The schema is Refract's fixture (crates/client-gen/tests/fixtures/all_types.prisma) with
// the datasource's provider and the generator block replaced. `prisma generate` checks for a
// schema engine it does not use here: PRISMA_SCHEMA_ENGINE_BINARY names any executable so that
// nothing is downloaded.
//
// Run by .ci/run after `npm ci`: `node generate.mjs` (in this folder).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const fixture = join(here, "../../../client-gen/tests/fixtures/all_types.prisma");
const source = readFileSync(fixture, "utf8");

for (const provider of ["sqlite", "postgresql"]) {
  const schema = source
    .replace(/provider = "postgresql"/, `provider = "${provider}"`)
    .replace(/provider = "refract"/, 'provider = "prisma-client-js"\n  output   = "./client"');
  if (schema === source) throw new Error(`unexpected fixture: ${fixture}`);
  const dir = join(here, "generated", provider);
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
