"""accounts: two-step login secrets are stored encrypted with a key from SECRET_KEY

Revision ID: 0020s_totp_encrypted
Revises: 0020s_login_sessions
Create Date: 2026-12-07 15:00:00.000000

The column grows to hold the encrypted form, and every secret stored in clear is encrypted
(``webapp.services.accounts.totp_box``) with the SECRET_KEY the app runs with, which
``flask db upgrade`` hands in. Downgrading decrypts them again.
"""

import sqlalchemy as sa
from alembic import context, op

from webapp.services.accounts import totp_box

revision = "0020s_totp_encrypted"
down_revision = "0020s_login_sessions"
branch_labels = None
depends_on = None

users = sa.table("users", sa.column("id", sa.Integer), sa.column("totp_secret", sa.String))


def _stored_secrets() -> list[tuple[int, str]]:
    """Every account's stored secret."""
    rows = op.get_bind().execute(
        sa.select(users.c.id, users.c.totp_secret).where(users.c.totp_secret.is_not(None))
    )
    return [(row.id, row.totp_secret) for row in rows]


def _secret_key(needed: bool) -> str | None:
    """The app's SECRET_KEY; refuse to go on without it when there is something to convert."""
    key = context.config.attributes.get("secret_key")
    if needed and not key:
        raise RuntimeError(
            "Two-step login secrets are stored: run this migration with `flask db upgrade`, "
            "so it has the SECRET_KEY to encrypt them with"
        )
    return key


def _store(user_id: int, value: str | None) -> None:
    """Write one account's secret."""
    op.get_bind().execute(users.update().where(users.c.id == user_id).values(totp_secret=value))


def upgrade() -> None:
    """Apply this migration."""
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column(
            "totp_secret", existing_type=sa.String(length=64), type_=sa.String(length=255)
        )
    plain = [(uid, value) for uid, value in _stored_secrets() if not totp_box.is_sealed(value)]
    key = _secret_key(bool(plain))
    for user_id, value in plain:
        _store(user_id, totp_box.seal(key, user_id, value))


def downgrade() -> None:
    """Revert this migration."""
    sealed = [(uid, value) for uid, value in _stored_secrets() if totp_box.is_sealed(value)]
    key = _secret_key(bool(sealed))
    for user_id, value in sealed:
        # A secret sealed under an older key cannot be recovered: that login is switched off.
        _store(user_id, totp_box.unseal(key, user_id, value))
    op.get_bind().execute(
        sa.text("UPDATE users SET totp_enabled = :off WHERE totp_secret IS NULL"),
        {"off": False},
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column(
            "totp_secret", existing_type=sa.String(length=255), type_=sa.String(length=64)
        )
