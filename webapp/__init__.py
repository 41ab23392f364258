"""Rugcoach web application: ``create_app`` builds it; nothing here touches the database."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import ROOT, ConfigError, load_config


def create_app(config: dict | None = None) -> Flask:
    """Build the Flask app from the environment, with ``config`` overriding settings."""
    try:
        settings = load_config()
    except ConfigError as exc:
        # A clean exit with the reason, for `flask`, gunicorn and the scheduler alike.
        sys.exit(f"Rugcoach cannot start: {exc}")
    settings.update(config or {})
    app = Flask(
        __name__,
        instance_path=str(settings["INSTANCE_PATH"]),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.update(settings)
    from webapp.services.core.files import PASSAGE_DIR, private_dir

    # Before anything opens the database or writes a secret in it: the owner's only (the
    # web server's group may only pass through to the finished uploaded videos).
    private_dir(app.instance_path, PASSAGE_DIR)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _development_secret(Path(app.instance_path))
    if not app.config.get("VAPID_PRIVATE_KEY") and not app.config.get("SECRET_KEY_REQUIRED"):
        app.config["VAPID_PRIVATE_KEY"] = _development_vapid_key(Path(app.instance_path))

    from webapp import db, i18n, navigation, security
    from webapp.extensions import csrf, limiter, login_manager
    from webapp.services.core import audit, page_versions  # noqa: F401  (register: write guards)
    from webapp.views import init_views

    db.init_app(app)
    i18n.init_app(app)
    navigation.init_app(app)
    login_manager.init_app(app)
    security.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    init_views(app)

    from webapp.commands import init_app as init_cli

    init_cli(app)
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:
        # Outermost, so every layer below sees the client's address and scheme.
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )
    return app


def _development_secret(instance: Path) -> str:
    """Read the development secret from instance/, creating it on first start."""
    path = instance / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    instance.mkdir(parents=True, exist_ok=True)
    # Web and scheduler may start together: write aside, then link into place atomically,
    # so both end up with whichever key was linked first.
    tmp = instance / f".secret_key.{os.getpid()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32))
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return path.read_text().strip()


def _development_vapid_key(instance: Path) -> str:
    """Read the development Web Push key (PEM) from instance/, creating it on first start."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    path = instance / "vapid_private.pem"
    try:
        return path.read_text()
    except FileNotFoundError:
        pass
    instance.mkdir(parents=True, exist_ok=True)
    pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # As with the secret: write aside, link into place; whoever links first wins.
    tmp = instance / f".vapid_private.{os.getpid()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return path.read_text()
