"""Rugcoach settings, read from the environment.

Classes only and explicit parsers: importing this module does no I/O. ``load_config``
picks the class from ``RUGCOACH_ENV`` (development by default, production, testing).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

ROOT = Path(__file__).resolve().parent
INSTANCE = ROOT / "instance"


class ConfigError(ValueError):
    """A setting has a value Rugcoach cannot use; the message names it."""


def parse_bool(name: str, raw: str | None, default: bool = False) -> bool:
    """Parse a boolean setting; 'false', '0', 'no' and 'off' mean False."""
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be true or false, not {raw!r}")


def parse_int(name: str, raw: str | None, default: int, low: int, high: int) -> int:
    """Parse an integer setting within [low, high]."""
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high}, not {value}")
    return value


def parse_vapid_key(raw: str) -> str:
    """The VAPID private key as PEM text ("\\n" written out in one line is accepted)."""
    text = raw.strip().replace("\\n", "\n")
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    try:
        key = load_pem_private_key(text.encode(), password=None)
    except ValueError:
        raise ConfigError("VAPID_PRIVATE_KEY must be a PEM private key") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise ConfigError("VAPID_PRIVATE_KEY must be an EC key on the P-256 curve")
    return text + "\n"


def parse_vapid_subject(raw: str | None, default: str) -> str:
    """Whom push services may contact about our pushes: a mailto: or https: address."""
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip()
    if not (value.startswith("mailto:") or value.startswith("https://")):
        raise ConfigError(f"VAPID_SUBJECT must start with mailto: or https://, not {raw!r}")
    return value


@dataclass(frozen=True)
class SmtpSettings:
    """Where outgoing mail goes, parsed from SMTP_URL."""

    host: str
    port: int
    username: str | None
    password: str | None
    ssl: bool
    starttls: bool
    timeout: float


def parse_smtp_url(raw: str | None) -> SmtpSettings | None:
    """Parse ``smtp://user:pass@host:port?starttls=1`` or ``smtps://...``; None when unset."""
    if raw is None or raw.strip() == "":
        return None
    parts = urlsplit(raw.strip())
    if parts.scheme not in {"smtp", "smtps"}:
        raise ConfigError(f"SMTP_URL must start with smtp:// or smtps://, not {raw!r}")
    try:
        port = parts.port
    except ValueError:
        raise ConfigError(f"SMTP_URL has an invalid port: {raw!r}") from None
    if not parts.hostname:
        raise ConfigError(f"SMTP_URL names no host: {raw!r}")
    query = parse_qs(parts.query)
    ssl = parts.scheme == "smtps"
    starttls = parse_bool("SMTP_URL starttls", (query.get("starttls") or [None])[0])
    if ssl and starttls:
        raise ConfigError("SMTP_URL: smtps:// already encrypts; drop ?starttls=1")
    timeout_raw = (query.get("timeout") or [None])[0]
    timeout = float(parse_int("SMTP_URL timeout", timeout_raw, 30, 1, 600))
    return SmtpSettings(
        host=parts.hostname,
        port=port or (465 if ssl else 25),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        ssl=ssl,
        starttls=starttls,
        timeout=timeout,
    )


def parse_base_url(raw: str | None, default: str) -> str:
    """Parse BASE_URL: an absolute http(s) URL without query, kept without trailing slash."""
    value = (raw or "").strip() or default
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ConfigError(f"BASE_URL must be an absolute http(s) URL, not {value!r}")
    if parts.query or parts.fragment:
        raise ConfigError(f"BASE_URL must not have a query or fragment: {value!r}")
    return value.rstrip("/")


def parse_database_url(raw: str | None, default: str) -> str:
    """Parse DATABASE_URL; plain postgresql:// URLs use the psycopg 3 driver."""
    value = (raw or "").strip() or default
    if value.startswith(("postgres://", "postgresql://")):
        value = "postgresql+psycopg://" + value.split("://", 1)[1]
    if not value.startswith(("sqlite://", "postgresql+psycopg://")):
        raise ConfigError(f"DATABASE_URL must be a sqlite:// or postgresql:// URL, not {value!r}")
    return value


def parse_accel_prefix(raw: str | None) -> str | None:
    """Parse VIDEO_ACCEL_REDIRECT: an internal nginx location like /internal-videos/."""
    if raw is None or raw.strip() == "":
        return None
    value = raw.strip()
    if not value.startswith("/") or "//" in value or "?" in value:
        raise ConfigError(f"VIDEO_ACCEL_REDIRECT must be a path like /internal/, not {raw!r}")
    return value if value.endswith("/") else value + "/"


RATELIMIT_SCHEMES = ("memory", "redis", "rediss", "redis+unix")


def parse_ratelimit_storage(raw: str | None) -> str:
    """Parse RATELIMIT_STORAGE_URI: memory:// (default, one process) or a Redis URL."""
    if raw is None or raw.strip() == "":
        return "memory://"
    value = raw.strip()
    parts = urlsplit(value)
    if parts.scheme not in RATELIMIT_SCHEMES:
        raise ConfigError(f"RATELIMIT_STORAGE_URI must be memory:// or a redis:// URL, not {raw!r}")
    if parts.scheme == "memory":
        return "memory://"
    try:
        parts.port  # noqa: B018 (urlsplit checks the port only when asked)
    except ValueError:
        raise ConfigError(f"RATELIMIT_STORAGE_URI has an invalid port: {raw!r}") from None
    if parts.scheme != "redis+unix" and not parts.hostname:
        raise ConfigError(f"RATELIMIT_STORAGE_URI names no host: {raw!r}")
    database = parts.path.strip("/")
    if parts.scheme != "redis+unix" and database and not database.isdigit():
        raise ConfigError(f"RATELIMIT_STORAGE_URI: the database must be a number, not {raw!r}")
    return value


MAX_CONTACT_LENGTH = 160


def parse_contact_line(raw: str | None) -> str:
    """The practice's contact line: one line of plain text, short enough for a page foot."""
    value = (raw or "").strip()
    if "\n" in value or "\r" in value:
        raise ConfigError("PRACTICE_CONTACT must be one line")
    if len(value) > MAX_CONTACT_LENGTH:
        raise ConfigError(f"PRACTICE_CONTACT is longer than {MAX_CONTACT_LENGTH} characters")
    return value


class Config:
    """Development defaults: SQLite and a file outbox in instance/."""

    ENV_NAME = "development"
    INSTANCE_PATH = str(INSTANCE)
    SECRET_KEY: str | None = None
    SECRET_KEY_REQUIRED = False
    DATABASE_URL = f"sqlite:///{INSTANCE / 'rugcoach.db'}"
    BASE_URL = "http://127.0.0.1:5000"
    MAIL_FROM = "Rugcoach <rugcoach@localhost>"
    # One line on the printed plan: how a patient reaches the practice ("" prints none).
    PRACTICE_CONTACT = ""
    SMTP: SmtpSettings | None = None
    OUTBOX_DIR = str(INSTANCE / "outbox")
    CATALOGUE_DIR = str(ROOT / "webapp" / "catalogue")
    # Rendered catalogue videos (content-hashed names, public) and physios' uploads (private).
    VIDEO_DIR = str(ROOT / "static" / "videos")
    UPLOAD_DIR = str(INSTANCE / "uploads")
    # Behind nginx: answer with X-Accel-Redirect to this internal location instead of bytes.
    VIDEO_ACCEL_REDIRECT: str | None = None
    MAX_UPLOAD_MB = 500
    MAX_UPLOAD_MINUTES = 10
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    LANGUAGES = ("nl", "en")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    # CSRF tokens live as long as the session: a form left open overnight still posts.
    WTF_CSRF_TIME_LIMIT = None
    MAX_CONTENT_LENGTH = 1 * 1024 * 1024
    # argon2id cost (RFC 9106 second recommended option: 64 MiB, 3 passes)
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 64 * 1024
    ARGON2_PARALLELISM = 1
    # Login throttling: memory:// counts per process; several workers share Redis.
    RATELIMIT_STORAGE_URI = "memory://"
    # How many reverse proxies stand in front (nginx: 1). 0 ignores X-Forwarded-* headers,
    # so a client can never choose the address the throttles and the audit trail see.
    TRUSTED_PROXIES = 0
    OUTBOX_BATCH = 200
    OUTBOX_MAX_ATTEMPTS = 5
    # Web Push (VAPID, RFC 8292): the server's private key (PEM) and whom push services may
    # contact. Without a key in production, reminders go by email only.
    VAPID_PRIVATE_KEY: str | None = None
    VAPID_SUBJECT = "mailto:rugcoach@localhost"
    # A fixed clock for tests; None means the real time.
    CLOCK = None
    TESTING = False

    @classmethod
    def from_env(cls, env: dict[str, str]) -> dict[str, object]:
        """Return this class's settings with the environment applied and checked."""
        settings = {k: getattr(cls, k) for k in dir(cls) if k.isupper()}
        settings["DATABASE_URL"] = parse_database_url(env.get("DATABASE_URL"), cls.DATABASE_URL)
        default_base = cls.BASE_URL
        if cls.ENV_NAME == "development":
            # `PORT=5301 make run`: links in emails, calendars and prints point at that port.
            port = parse_int("PORT", env.get("PORT"), 5000, 1, 65535)
            default_base = f"http://127.0.0.1:{port}"
        settings["BASE_URL"] = parse_base_url(env.get("BASE_URL"), default_base)
        settings["SMTP"] = parse_smtp_url(env.get("SMTP_URL"))
        settings["MAIL_FROM"] = env.get("MAIL_FROM", "").strip() or cls.MAIL_FROM
        settings["PRACTICE_CONTACT"] = parse_contact_line(env.get("PRACTICE_CONTACT"))
        if env.get("SECRET_KEY"):
            settings["SECRET_KEY"] = env["SECRET_KEY"]
        if env.get("OUTBOX_DIR"):
            settings["OUTBOX_DIR"] = env["OUTBOX_DIR"]
        if env.get("VAPID_PRIVATE_KEY", "").strip():
            settings["VAPID_PRIVATE_KEY"] = parse_vapid_key(env["VAPID_PRIVATE_KEY"])
        settings["VAPID_SUBJECT"] = parse_vapid_subject(env.get("VAPID_SUBJECT"), cls.VAPID_SUBJECT)
        for folder in ("UPLOAD_DIR", "VIDEO_DIR"):
            if env.get(folder):
                settings[folder] = env[folder]
        settings["RATELIMIT_STORAGE_URI"] = parse_ratelimit_storage(
            env.get("RATELIMIT_STORAGE_URI")
        )
        settings["VIDEO_ACCEL_REDIRECT"] = parse_accel_prefix(env.get("VIDEO_ACCEL_REDIRECT"))
        settings["MAX_UPLOAD_MB"] = parse_int(
            "MAX_UPLOAD_MB", env.get("MAX_UPLOAD_MB"), cls.MAX_UPLOAD_MB, 1, 10_000
        )
        settings["TRUSTED_PROXIES"] = parse_int(
            "TRUSTED_PROXIES", env.get("TRUSTED_PROXIES"), cls.TRUSTED_PROXIES, 0, 10
        )
        settings["MAX_UPLOAD_MINUTES"] = parse_int(
            "MAX_UPLOAD_MINUTES", env.get("MAX_UPLOAD_MINUTES"), cls.MAX_UPLOAD_MINUTES, 1, 120
        )
        secure = settings["BASE_URL"].startswith("https://")
        settings["SESSION_COOKIE_SECURE"] = secure
        settings["REMEMBER_COOKIE_SECURE"] = secure
        settings["PREFERRED_URL_SCHEME"] = "https" if secure else "http"
        return settings


class ProductionConfig(Config):
    """Production: SECRET_KEY must come from the environment."""

    ENV_NAME = "production"
    SECRET_KEY_REQUIRED = True


class TestingConfig(Config):
    """Tests: cheap password hashing and no CSRF time limit; the database comes from the test."""

    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-secret-key-not-for-production"  # noqa: S105 (tests only)
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 8
    ARGON2_PARALLELISM = 1


CONFIGS = {"development": Config, "production": ProductionConfig, "testing": TestingConfig}


def load_config(env: dict[str, str] | None = None) -> dict[str, object]:
    """Choose the settings class from RUGCOACH_ENV and apply the environment."""
    env = dict(os.environ if env is None else env)
    name = env.get("RUGCOACH_ENV", "development").strip() or "development"
    if name not in CONFIGS:
        raise ConfigError(f"RUGCOACH_ENV must be one of {', '.join(CONFIGS)}, not {name!r}")
    settings = CONFIGS[name].from_env(env)
    if settings["SECRET_KEY_REQUIRED"] and not settings["SECRET_KEY"]:
        raise ConfigError("SECRET_KEY must be set in production (a long random string)")
    return settings
