export default "prisma/schema.prisma";
