-- CreateIndex
CREATE UNIQUE INDEX "Activity_name_key" ON "Activity"("name");
