"""Settings: explicit parsing, clear refusals, clean exits."""

import subprocess
import sys

import pytest

from config import (
    ROOT,
    ConfigError,
    load_config,
    parse_base_url,
    parse_bool,
    parse_contact_line,
    parse_database_url,
    parse_smtp_url,
)


@pytest.mark.parametrize(
    "raw,expected",
    [("true", True), ("1", True), ("false", False), ("off", False), ("", False), (None, False)],
)
def test_booleans_mean_what_they_say(raw, expected):
    assert parse_bool("X", raw) is expected


def test_unknown_boolean_is_refused():
    with pytest.raises(ConfigError, match="X must be true or false"):
        parse_bool("X", "maybe")


def test_smtp_url_with_starttls_and_credentials():
    s = parse_smtp_url("smtp://mail%40practice.nl:s%3Acret@mail.example.org:587?starttls=1")
    assert (s.host, s.port, s.username, s.password) == (
        "mail.example.org",
        587,
        "mail@practice.nl",
        "s:cret",
    )
    assert s.starttls and not s.ssl


def test_smtps_url_defaults_to_port_465():
    s = parse_smtp_url("smtps://mail.example.org")
    assert (s.port, s.ssl) == (465, True)


@pytest.mark.parametrize(
    "raw", ["http://mail", "smtp://", "smtp://host:99999", "smtps://h?starttls=1"]
)
def test_bad_smtp_urls_are_refused(raw):
    with pytest.raises(ConfigError, match="SMTP_URL"):
        parse_smtp_url(raw)


def test_no_smtp_url_means_file_outbox():
    assert parse_smtp_url("") is None


def test_base_url_must_be_absolute():
    assert parse_base_url("https://rug.example.org/", "x") == "https://rug.example.org"
    with pytest.raises(ConfigError):
        parse_base_url("rug.example.org", "x")


def test_postgres_urls_use_psycopg3():
    assert parse_database_url("postgresql://u@h/db", "x") == "postgresql+psycopg://u@h/db"
    with pytest.raises(ConfigError):
        parse_database_url("mysql://u@h/db", "x")


def test_production_requires_a_secret_key():
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config({"RUGCOACH_ENV": "production"})
    assert load_config({"RUGCOACH_ENV": "production", "SECRET_KEY": "k" * 40})["SECRET_KEY"]


def test_https_base_url_makes_cookies_secure():
    settings = load_config({"BASE_URL": "https://rug.example.org"})
    assert settings["SESSION_COOKIE_SECURE"] is True


def test_bad_config_exits_cleanly_with_the_reason():
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "webapp", "db", "upgrade"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "SMTP_URL": "ftp://nope", "HOME": "/tmp"},
    )
    assert result.returncode != 0
    assert "Rugcoach cannot start: SMTP_URL must start with smtp://" in result.stderr
    assert "Traceback" not in result.stderr


def test_development_secret_is_generated_once(tmp_path):
    from webapp import create_app

    cfg = {"DATABASE_URL": "sqlite://", "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": None}
    first = create_app(cfg).config["SECRET_KEY"]
    second = create_app(cfg).config["SECRET_KEY"]
    assert first == second and len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_in_development_an_unset_base_url_follows_the_port():
    assert load_config({"PORT": "5301"})["BASE_URL"] == "http://127.0.0.1:5301"
    assert load_config({})["BASE_URL"] == "http://127.0.0.1:5000"
    given = {"PORT": "5301", "BASE_URL": "https://rug.example.org"}
    assert load_config(given)["BASE_URL"] == "https://rug.example.org"
    production = {"RUGCOACH_ENV": "production", "SECRET_KEY": "x" * 32, "PORT": "5301"}
    assert load_config(production)["BASE_URL"] == "http://127.0.0.1:5000"


def test_a_bad_port_is_named():
    with pytest.raises(ConfigError, match="PORT"):
        load_config({"PORT": "http"})


def test_vapid_key_and_subject_are_read_and_checked(tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    from config import ConfigError, load_config

    pem = (
        ec.generate_private_key(ec.SECP256R1())
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )
    one_line = pem.strip().replace("\n", "\\n")  # as an environment file often holds it
    settings = load_config(
        {"VAPID_PRIVATE_KEY": one_line, "VAPID_SUBJECT": "mailto:praktijk@example.org"}
    )
    assert settings["VAPID_PRIVATE_KEY"] == pem
    assert settings["VAPID_SUBJECT"] == "mailto:praktijk@example.org"
    rsa_like = "-----BEGIN PRIVATE KEY-----\nnonsense\n-----END PRIVATE KEY-----"
    for bad in ({"VAPID_PRIVATE_KEY": "geheim"}, {"VAPID_PRIVATE_KEY": rsa_like}):
        with pytest.raises(ConfigError, match="VAPID_PRIVATE_KEY"):
            load_config(bad)
    with pytest.raises(ConfigError, match="VAPID_SUBJECT"):
        load_config({"VAPID_SUBJECT": "praktijk@example.org"})


def test_development_makes_one_vapid_key_in_instance_and_keeps_it(tmp_path):
    from webapp import create_app

    first = create_app({"INSTANCE_PATH": str(tmp_path)}).config["VAPID_PRIVATE_KEY"]
    assert (tmp_path / "vapid_private.pem").read_text() == first
    assert (tmp_path / "vapid_private.pem").stat().st_mode & 0o077 == 0
    assert create_app({"INSTANCE_PATH": str(tmp_path)}).config["VAPID_PRIVATE_KEY"] == first


def test_the_practice_contact_line_is_one_short_line():
    assert parse_contact_line(None) == ""
    assert parse_contact_line("  De Brug · 020 123 45 67 ") == "De Brug · 020 123 45 67"
    with pytest.raises(ConfigError, match="PRACTICE_CONTACT must be one line"):
        parse_contact_line("De Brug\n020 123 45 67")
    with pytest.raises(ConfigError, match="longer than 160"):
        parse_contact_line("x" * 161)
    assert load_config({"PRACTICE_CONTACT": "De Brug"})["PRACTICE_CONTACT"] == "De Brug"
