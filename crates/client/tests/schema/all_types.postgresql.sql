-- The all_types fixture schema (crates/client-gen/tests/fixtures/all_types.prisma) as Prisma
-- Migrate creates it on PostgreSQL.
CREATE TYPE "Role" AS ENUM ('USER', 'admin');
CREATE TABLE "everything" (
    "id" TEXT NOT NULL,
    "int" INTEGER NOT NULL,
    "bigInt" BIGINT NOT NULL,
    "float" DOUBLE PRECISION NOT NULL,
    "decimal" DECIMAL(65,30) NOT NULL,
    "str" TEXT NOT NULL,
    "bool" BOOLEAN NOT NULL,
    "dateTime" TIMESTAMP(3) NOT NULL,
    "json" JSONB NOT NULL,
    "bytes" BYTEA NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'USER',
    "maybe" INTEGER,
    "cuid" TEXT NOT NULL,
    "nano" TEXT NOT NULL,
    "ordered" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "everything_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Person" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "managerId" INTEGER,
    "secret" TEXT,
    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Profile" (
    "id" SERIAL NOT NULL,
    "bio" TEXT NOT NULL,
    "personId" INTEGER NOT NULL,
    CONSTRAINT "Profile_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Post" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "authorId" INTEGER NOT NULL,
    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Tag" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Membership" (
    "orgId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'USER',
    CONSTRAINT "Membership_pkey" PRIMARY KEY ("orgId","personId")
);
CREATE TABLE "Badge" (
    "id" SERIAL NOT NULL,
    "label" TEXT NOT NULL,
    "personId" INTEGER,
    CONSTRAINT "Badge_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Grant" (
    "id" SERIAL NOT NULL,
    "scope" TEXT NOT NULL,
    "orgId" INTEGER,
    "personId" INTEGER,
    CONSTRAINT "Grant_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "_PostToTag" (
    "A" INTEGER NOT NULL,
    "B" INTEGER NOT NULL,
    CONSTRAINT "_PostToTag_AB_pkey" PRIMARY KEY ("A","B")
);
CREATE UNIQUE INDEX "everything_cuid_key" ON "everything"("cuid");
CREATE UNIQUE INDEX "Profile_personId_key" ON "Profile"("personId");
CREATE UNIQUE INDEX "Tag_name_key" ON "Tag"("name");
CREATE UNIQUE INDEX "Badge_personId_key" ON "Badge"("personId");
CREATE UNIQUE INDEX "Grant_scope_key" ON "Grant"("scope");
CREATE INDEX "_PostToTag_B_index" ON "_PostToTag"("B");
ALTER TABLE "Person" ADD CONSTRAINT "Person_managerId_fkey" FOREIGN KEY ("managerId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Profile" ADD CONSTRAINT "Profile_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Badge" ADD CONSTRAINT "Badge_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Grant" ADD CONSTRAINT "Grant_orgId_personId_fkey" FOREIGN KEY ("orgId", "personId") REFERENCES "Membership"("orgId", "personId") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "_PostToTag" ADD CONSTRAINT "_PostToTag_A_fkey" FOREIGN KEY ("A") REFERENCES "Post"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "_PostToTag" ADD CONSTRAINT "_PostToTag_B_fkey" FOREIGN KEY ("B") REFERENCES "Tag"("id") ON DELETE CASCADE ON UPDATE CASCADE;
