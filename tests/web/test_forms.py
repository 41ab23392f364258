"""A service's refusal lands on the field it names, or above the form, on every page alike."""

from __future__ import annotations

import pytest
from flask import render_template_string
from wtforms import FieldList, Form, FormField, IntegerField, StringField

from webapp.forms import attach_error
from webapp.services.core.errors import ServiceError


class Item(Form):
    """One row of a list, as the plan form has them."""

    sets = IntegerField()
    amount = IntegerField()


class Page(Form):
    """A form with plain fields and a list of subforms."""

    email = StringField()
    name = StringField()
    items = FieldList(FormField(Item), min_entries=2)


def errors(form: Form) -> dict:
    """Every field's messages by full name, with the form's own under None."""
    found = {None: list(form.form_errors)} if form.form_errors else {}
    for field in (form.email, form.name, *(f for entry in form.items for f in entry.form)):
        if field.errors:
            found[field.name] = list(field.errors)
    return found


def test_the_message_goes_on_the_field_the_service_names():
    form = Page()
    attach_error(form, ServiceError("Too long.", "name"), default="email")
    assert errors(form) == {"name": ["Too long."]}


def test_a_field_inside_a_list_is_found_by_its_full_name():
    form = Page()
    attach_error(form, ServiceError("Enter a number from 1 to 10.", "items-1-sets"))
    assert errors(form) == {"items-1-sets": ["Enter a number from 1 to 10."]}


def test_earlier_messages_on_the_field_stay():
    form = Page(data={"name": "x"})
    form.validate()
    form.name.errors.append("From the form.")
    attach_error(form, ServiceError("From the service.", "name"))
    assert errors(form) == {"name": ["From the form.", "From the service."]}


@pytest.mark.parametrize("field", [None, "nothing-here", "items", "items-7-sets", "items-0"])
def test_a_message_for_no_field_of_the_form_goes_to_the_default(field):
    form = Page()
    attach_error(form, ServiceError("Already taken.", field), default="email")
    assert errors(form) == {"email": ["Already taken."]}


@pytest.mark.parametrize("field", [None, "nothing-here", "items"])
def test_without_a_default_it_goes_above_the_form(field):
    form, general = Page(), ["From the page."]
    attach_error(form, ServiceError("Choose at least one exercise.", field), general=general)
    assert general == ["From the page.", "Choose at least one exercise."]
    assert errors(form) == {}


def test_without_a_list_of_its_own_the_page_shows_it_in_the_form_summary(app):
    form = Page()
    attach_error(form, ServiceError("Nothing to confirm."))
    assert errors(form) == {None: ["Nothing to confirm."]}
    macro = '{% from "_macros/forms.html" import form_errors %}{{ form_errors(form) }}'
    with app.test_request_context(headers={"Accept-Language": "en"}):
        html = render_template_string(macro, form=form)
        assert "Nothing to confirm." in html
        # No field is marked, so the summary does not point at marked fields.
        assert "Please correct the fields marked below." not in html
        attach_error(form, ServiceError("Too long.", "name"))
        assert "Please correct the fields marked below." in render_template_string(macro, form=form)
