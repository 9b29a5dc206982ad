-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "Role" ADD VALUE 'STUDY_MANAGER';
ALTER TYPE "Role" ADD VALUE 'UNBLINDED_PHARMACIST';

-- AlterTable
ALTER TABLE "app_user" ADD COLUMN     "grants_version" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "role_assignment" ADD COLUMN     "granted_by" UUID,
ADD COLUMN     "revoke_reason" TEXT,
ADD COLUMN     "revoked_by" UUID;

-- CreateTable
CREATE TABLE "staff_invitation" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "accepted_at" TIMESTAMPTZ(3),
    "created_by" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "staff_invitation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "staff_invitation_token_hash_key" ON "staff_invitation"("token_hash");

-- CreateIndex
CREATE INDEX "staff_invitation_user_id_idx" ON "staff_invitation"("user_id");

-- AddForeignKey
ALTER TABLE "staff_invitation" ADD CONSTRAINT "staff_invitation_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- One live grant per user, role and scope (absent scopes folded to the nil uuid, since NULLs never
-- collide in a unique index): two concurrent identical grants cannot both commit, so granting
-- again finds the existing row and is idempotent. Revoked grants stay, for the audit trail.
CREATE UNIQUE INDEX "role_assignment_live" ON "role_assignment" (
  "user_id",
  "role",
  COALESCE("study_id", '00000000-0000-0000-0000-000000000000'),
  COALESCE("site_id", '00000000-0000-0000-0000-000000000000'),
  COALESCE("patient_id", '00000000-0000-0000-0000-000000000000')
) WHERE "revoked_at" IS NULL;
