"""Accounts for the admin: the list, new physio and admin accounts, the two-step policy."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from webapp.admin import bp
from webapp.admin.forms import StaffAccountForm, TwoFactorPolicyForm
from webapp.clock import utcnow
from webapp.db import get_db
from webapp.forms import attach_error
from webapp.models import Role, User
from webapp.security import role_required
from webapp.services.accounts import twofactor
from webapp.services.accounts.passwords import create_staff_account
from webapp.services.core import audit
from webapp.services.core.errors import ServiceError
from webapp.services.privacy.delete import not_deleted
from webapp.urls import parse_number
from webapp.wiring import mailroom, password_hasher

PER_PAGE = 100


def _page_number() -> int:
    """The page asked for in the query string; 1 for anything odd."""
    raw = request.args.get("page", "1")
    return parse_number(raw, 100_000) or 1


def _role_filter() -> Role | None:
    """The role asked for in the query string, if it is one."""
    try:
        return Role(request.args.get("role", ""))
    except ValueError:
        return None


def _render_users(form: StaffAccountForm | None = None, status: int = 200):
    """The accounts page; listing accounts shows patients' names, so it is audited."""
    db = get_db()
    role, page = _role_filter(), _page_number()
    # A deleted patient's tombstone only keeps the audit trail readable; it is no account.
    query = select(User).where(not_deleted()).order_by(User.created_at.desc(), User.id.desc())
    count = select(func.count()).select_from(User).where(not_deleted())
    if role is not None:
        query, count = query.where(User.role == role), count.where(User.role == role)
    users = list(db.scalars(query.offset((page - 1) * PER_PAGE).limit(PER_PAGE)))
    total = db.scalar(count) or 0
    audit.record_view(
        db,
        actor=current_user,
        subject_ids=[None],
        action="list_accounts",
        now=utcnow(),
        ip=request.remote_addr or "",
        detail=f"role={role or 'all'}, page={page}",
    )
    policy = TwoFactorPolicyForm(formdata=None, required=twofactor.is_required(db))
    return render_template(
        "admin/users.html",
        users=users,
        total=total,
        page=page,
        pages=max(1, -(-total // PER_PAGE)),
        role=role,
        roles=Role,
        form=form or StaffAccountForm(formdata=None),
        policy=policy,
    ), status


@bp.get("/users")
@role_required(Role.ADMIN)
def users():
    """Every account with its role and two-step login state."""
    return _render_users()


@bp.post("/users")
@role_required(Role.ADMIN)
def create_account():
    """Create a physio or admin account; the new user gets an email to choose a password."""
    form = StaffAccountForm()
    if form.validate_on_submit():
        db = get_db()
        now = utcnow()
        try:
            user = create_staff_account(
                db,
                email=form.email.data,
                name=form.name.data,
                role=Role(form.role.data),
                locale=form.locale.data,
                now=now,
                mailroom=mailroom(),
                hasher=password_hasher(),
            )
        except ServiceError as exc:
            attach_error(form, exc, default="email")
        else:
            audit.record(
                db,
                actor=current_user,
                subject_id=user.id,
                action="create_account",
                now=now,
                ip=request.remote_addr or "",
                detail=f"{user.role.value} {user.email}",
            )
            db.commit()
            flash(
                _(
                    "Account made for %(email)s. They get an email to choose a password.",
                    email=user.email,
                ),
                "success",
            )
            return redirect(url_for("admin.users"))
    get_db().rollback()
    return _render_users(form, status=400)


@bp.post("/users/two-factor")
@role_required(Role.ADMIN)
def two_factor_policy():
    """Require two-step login for every physio and admin, or stop requiring it."""
    form = TwoFactorPolicyForm()
    if not form.validate_on_submit():
        return _render_users(status=400)
    db = get_db()
    twofactor.set_required(db, form.required.data)
    audit.record(
        db,
        actor=current_user,
        subject_id=None,
        action="change_setting",
        now=utcnow(),
        ip=request.remote_addr or "",
        detail=f"require_two_factor={'on' if form.required.data else 'off'}",
    )
    db.commit()
    if form.required.data:
        flash(_("Two-step login is now required for physiotherapists and admins."), "success")
    else:
        flash(_("Two-step login is no longer required."), "info")
    return redirect(url_for("admin.users"))
