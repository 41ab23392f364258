"""Putting a plan together: one read of the library, a search over it, where a choice starts."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from tests.support.client import csrf_token, post_form
from tests.support.plans import ex, item_fields, new_url, scratch
from webapp.domain.templates import TEMPLATES
from webapp.services.core.errors import ServiceError
from webapp.services.library.exercises import search_exercises
from webapp.services.plans import plan_picker
from webapp.services.plans.plan_checks import MAX_ITEMS, ItemChoice, estimate_minutes


class ExerciseReads:
    """Counts the statements that read the exercise table while it is installed."""

    def __init__(self, engine) -> None:
        """Watch this engine."""
        self.engine, self.statements = engine, []

    def _seen(self, _conn, _cursor, statement, *_args) -> None:
        """Keep a statement that reads exercises."""
        if "FROM exercises" in statement:
            self.statements.append(statement)

    def __enter__(self) -> ExerciseReads:
        """Start counting."""
        event.listen(self.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *_exc) -> None:
        """Stop counting."""
        event.remove(self.engine, "before_cursor_execute", self._seen)


@pytest.mark.parametrize(
    ("query", "form"),
    [("?q=brug&position=supine", None), ("?position=ceiling", None), ("", "preview")],
    ids=["search", "refused filter", "preview"],
)
def test_the_assign_page_reads_the_exercise_list_once(app, as_physio, db, patient, query, form):
    data = scratch(db, action=form) if form else None  # read before counting
    if data is not None:
        data["csrf_token"] = csrf_token(as_physio, new_url(patient))
    with ExerciseReads(app.extensions["rugcoach.engine"]) as reads:
        if data is None:
            response = as_physio.get(new_url(patient) + query)
        else:
            response = as_physio.post(new_url(patient), data=data)
    assert response.status_code == (400 if "ceiling" in query else 200)
    assert len(reads.statements) == 1, reads.statements


def test_a_search_filters_the_loaded_list_by_position_kind_and_text(db, catalogue, physio):
    library = plan_picker.load_library(db, physio)
    found = search_exercises(library.exercises, "supine", "", "  BRUG ")
    assert [e.slug for e in found] == ["bridge"]
    assert all(e.position == "supine" for e in search_exercises(library.exercises, "supine"))
    assert search_exercises(library.exercises) == library.exercises
    with pytest.raises(ServiceError) as refused:
        search_exercises(library.exercises, "", "juggling")
    assert refused.value.field == "category"


def test_a_choice_starts_from_a_template_or_from_the_chosen_exercises(db, catalogue, physio):
    library = plan_picker.load_library(db, physio)
    walking, bridge = ex(db, "walking"), ex(db, "bridge")
    template = TEMPLATES["build_up"]
    from_template = plan_picker.starting_items(library, [walking.id], "build_up")
    assert [(i.exercise.slug, i.sets, i.amount, i.graded) for i in from_template] == [
        (t.slug, t.sets, t.amount, t.graded) for t in template.items
    ]
    assert plan_picker.starting_days("build_up") == template.weekdays
    chosen = plan_picker.starting_items(library, [bridge.id, None, 99999, bridge.id, walking.id])
    assert chosen == [plan_picker.default_item(bridge), plan_picker.default_item(walking)]
    assert (chosen[0].sets, chosen[0].amount) == (bridge.default_sets, bridge.default_amount)
    many = plan_picker.starting_items(library, [e.id for e in library.exercises])
    assert len(library.exercises) > MAX_ITEMS and len(many) == MAX_ITEMS


def test_an_exercise_outside_the_library_is_refused(db, catalogue, physio):
    library = plan_picker.load_library(db, physio)
    for unknown in (None, 99999):
        with pytest.raises(ServiceError) as refused:
            plan_picker.chosen_item(library, unknown, sets=1, amount=10)
        assert refused.value.field == "items"
    item = plan_picker.chosen_item(library, ex(db, "walking").id, sets=1, amount=10, weeks=None)
    assert item.weeks == 11 and not item.graded


def test_the_preview_shows_a_measured_item_as_it_would_be_saved(app, db, catalogue, physio):
    walking, bridge = ex(db, "walking"), ex(db, "bridge")
    items = [
        ItemChoice(walking, 1, 10, graded=True, baseline=20, goal=30, weeks=8),
        ItemChoice(bridge, 5, 8),
    ]
    with app.test_request_context(headers={"Accept-Language": "en"}):
        preview = plan_picker.preview(items, physio)
    ramp = preview.ramps[0]
    assert list(preview.ramps) == [0] and ramp.exercise is walking
    assert (ramp.proposal.q0, ramp.proposal.goal) == (16, 30)
    assert (ramp.quotas[0], ramp.quotas[-1], len(ramp.quotas)) == (16, 30, 8)
    # Saved, walking starts at 16 minutes: the estimate counts those, not the 10 typed.
    saved = [ItemChoice(walking, 1, 16), ItemChoice(bridge, 5, 8)]
    assert preview.minutes == round(estimate_minutes(saved)) == 6 + round(estimate_minutes(items))
    with pytest.raises(ServiceError) as refused:
        plan_picker.preview([*items, ItemChoice(bridge, 1, 5)], physio)
    assert refused.value.message == "Choose each exercise once, from the library."


def test_the_templates_are_timed_from_the_loaded_list(db, catalogue, physio, as_physio, patient):
    minutes = plan_picker.template_minutes(plan_picker.load_library(db, physio))
    assert set(minutes) == set(TEMPLATES) and all(m > 0 for m in minutes.values())
    body = as_physio.get(new_url(patient)).get_data(as_text=True)
    for key, value in minutes.items():
        assert f"About {value} minutes a session." in body, key
    data = {**item_fields(0, ex(db, "walking")), "action": "preview", "weekdays": ["0"]}
    assert post_form(as_physio, new_url(patient), data).status_code == 200
