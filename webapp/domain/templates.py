"""Plan templates a patient or physio starts from (CLINICAL.md, "Graded activity").

- Stay active: the acute phase. Walking and gentle mobility every day at a fixed, easy dose;
  no baseline needed.
- Build up: graded activity. A baseline week of three measured sessions, then 11 weeks with
  three sessions a week whose quotas rise on a fixed schedule (e-Exercise LBP).
- Strength and fitness: after the goal. Strength work twice a week, with days between
  (Dutch physical activity guideline; strength-type items at most 2-3 times a week), with a
  walk of about 30 minutes; the patient walks on most other days too (WalkBack).

Hold exercises (bird-dog, side plank, curl-up) are counted in repetitions of a short hold,
so a build-up adds repetitions, never holds past about 10 seconds (McGill).
"""

from __future__ import annotations

from dataclasses import dataclass

from webapp.domain.schedule import ALL_DAYS, mask_from_weekdays


@dataclass(frozen=True)
class TemplateItem:
    """One exercise in a template; ``graded`` items build up after a baseline week."""

    slug: str
    sets: int
    amount: int
    graded: bool = False


@dataclass(frozen=True)
class Template:
    """A ready-made plan."""

    key: str
    weekdays: int
    items: tuple[TemplateItem, ...]

    @property
    def needs_baseline(self) -> bool:
        """True when the template has build-up items (they start with a baseline week)."""
        return any(item.graded for item in self.items)


MON_WED_FRI = mask_from_weekdays([0, 2, 4])
MON_THU = mask_from_weekdays([0, 3])

TEMPLATES: dict[str, Template] = {
    "stay_active": Template(
        key="stay_active",
        weekdays=ALL_DAYS,
        items=(
            TemplateItem("walking", 1, 10),
            TemplateItem("pelvic-tilt", 5, 10),
            TemplateItem("knee-to-chest", 3, 20),
            TemplateItem("cat-camel", 2, 10),
        ),
    ),
    "build_up": Template(
        key="build_up",
        weekdays=MON_WED_FRI,
        items=(
            # The baseline week measures each: minutes walked, seconds a bridge is held, and
            # bird-dogs per side (each held about 8 seconds).
            TemplateItem("walking", 1, 10, graded=True),
            TemplateItem("bridge", 5, 8, graded=True),
            TemplateItem("bird-dog", 1, 5, graded=True),
        ),
    ),
    "strength": Template(
        key="strength",
        weekdays=MON_THU,
        items=(
            TemplateItem("walking", 1, 30),
            TemplateItem("bridge", 5, 10),
            TemplateItem("side-plank-knees", 1, 5),
            TemplateItem("curl-up", 1, 5),
        ),
    ),
}
