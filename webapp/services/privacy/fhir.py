"""A patient's record as a FHIR R4 Bundle (type collection) for the practice's record system.

Per patient: Patient, Practitioner, each EpisodeOfCare with its Condition (non-specific low
back pain, SNOMED CT 279039007), the CarePlan, an Observation per NPRS score (LOINC 72514-3)
and the Questionnaires with the responses to them. Per closed episode: the same, limited to
that episode and the days it ran. Entries are named by stable urn:uuid's, so every reference
resolves inside the Bundle and a second export names the same things the same way.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.domain.measures import AVERAGE_24H_SINCE, GPE_MOMENTS, Moment, PainQuestion
from webapp.domain.schedule import weekdays_from_mask
from webapp.models import Episode, Plan, SessionLog, User
from webapp.services.core.errors import NotFound
from webapp.services.measures.psk import activities
from webapp.services.plans.graded import quota
from webapp.services.privacy.fhir_questionnaires import (
    LOINC,
    LOW_BACK_PAIN,
    NPRS_DISPLAY,
    NPRS_LOINC,
    SNOMED,
    canonical,
    gpe_items,
    intake_items,
    psk_items,
    questionnaires,
)

DAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
UNITS = {"reps": "repetitions", "hold": "repetitions", "minutes": "min"}


@dataclass
class _Builder:
    """Collects entries under stable urn:uuid names."""

    base_url: str
    entries: list[dict[str, Any]]

    def name(self, kind: str, key: object) -> str:
        """The entry's fullUrl: a UUID derived from the practice, the type and our key."""
        return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self.base_url}/{kind}/{key}"))

    def add(self, kind: str, key: object, resource: dict[str, Any]) -> dict[str, str]:
        """Add a resource; returns a reference to it."""
        full = self.name(kind, key)
        resource = {"resourceType": kind, "id": full.removeprefix("urn:uuid:"), **resource}
        self.entries.append({"fullUrl": full, "resource": resource})
        return {"reference": full}


def patient_bundle(
    session: Session, patient: User, base_url: str, now: datetime, episode_id: int | None = None
) -> dict[str, Any]:
    """The patient's Bundle; with ``episode_id``, only that closed episode (else NotFound)."""
    episodes = list(
        session.scalars(
            select(Episode).where(Episode.patient_id == patient.id).order_by(Episode.id)
        )
    )
    if episode_id is not None:
        episodes = [e for e in episodes if e.id == episode_id and e.closed_on is not None]
        if not episodes:
            raise NotFound("No closed episode with this number.")
    build = _Builder(base_url, [])
    subject = build.add("Patient", patient.id, _patient(patient, base_url))
    carer = None
    if patient.physio is not None:
        carer = build.add(
            "Practitioner", patient.physio.id, _practitioner(patient.physio, base_url)
        )
    for resource in questionnaires(base_url):
        build.entries.append({"fullUrl": resource["url"], "resource": resource})
    for episode in episodes:
        _episode(build, session, patient, episode, subject, carer)
    window = (episodes[0].started_on, episodes[0].closed_on) if episode_id else (None, None)
    _care_plans(build, session, patient, subject, window, now.date())
    _pain_logs(build, session, patient, subject, window)
    return {
        "resourceType": "Bundle",
        "id": build.name("Bundle", f"{patient.id}/{episode_id or 'all'}").removeprefix("urn:uuid:"),
        "type": "collection",
        "timestamp": now.isoformat(),
        "entry": build.entries,
    }


def _patient(patient: User, base_url: str) -> dict[str, Any]:
    """The Patient; Rugcoach stores no birth date, so there is none to give."""
    return {
        "identifier": [{"system": f"{base_url}/fhir/patient-id", "value": str(patient.id)}],
        "name": [{"text": patient.name}],
        "telecom": [{"system": "email", "value": patient.email}],
        "communication": [{"language": {"coding": [{"code": patient.locale}]}}],
    }


def _practitioner(physio: User, base_url: str) -> dict[str, Any]:
    return {
        "identifier": [{"system": f"{base_url}/fhir/practitioner-id", "value": str(physio.id)}],
        "name": [{"text": physio.name}],
    }


def _episode(build, session, patient, episode: Episode, subject, carer) -> None:
    """The EpisodeOfCare, its Condition, NPRS at the moments, and the responses."""
    period: dict[str, str] = {"start": episode.started_on.isoformat()}
    if episode.closed_on:
        period["end"] = episode.closed_on.isoformat()
    condition = build.add(
        "Condition",
        episode.id,
        {
            "clinicalStatus": _coded(
                "http://terminology.hl7.org/CodeSystem/condition-clinical",
                "resolved" if episode.closed_on else "active",
            ),
            "code": {
                "coding": [{"system": SNOMED, "code": LOW_BACK_PAIN, "display": "Low back pain"}],
                "text": "Non-specific low back pain",
            },
            "subject": subject,
            **({"onsetDateTime": patient.onset_date.isoformat()} if patient.onset_date else {}),
        },
    )
    care: dict[str, Any] = {
        "status": "finished" if episode.closed_on else "active",
        "patient": subject,
        "period": period,
        "diagnosis": [{"condition": condition}],
    }
    if carer:
        care["careManager"] = carer
    if episode.profile:
        care["type"] = [{"text": f"Treatment profile: {episode.profile} risk"}]
    build.add("EpisodeOfCare", episode.id, care)
    by_moment = {m.moment: m for m in episode.measurements}
    for m in episode.measurements:
        note = f"Episode {episode.id}, {m.moment}: average pain over the last 24 hours"
        _nprs(build, f"moment/{m.id}", subject, m.recorded_on, m.pain, note)
    if episode.intake_answers is not None:
        intake = by_moment.get(Moment.INTAKE.value)
        items = intake_items(build.base_url, episode.intake_answers, intake and intake.pain)
        when = episode.intake_at or episode.created_at
        _response(build, f"intake/{episode.id}", "intake-screen", subject, when, items)
    listed = activities(session, episode)
    for moment in Moment:
        scored = [(a.position, a.name, a.score_at(moment.value)) for a in listed]
        scored = [row for row in scored if row[2] is not None]
        measured = by_moment.get(moment.value)
        when = measured.created_at if measured else None
        key = f"{episode.id}/{moment.value}"
        if scored:
            recorded = min(s.recorded_on for a in listed for s in a.scores if s.moment == moment)
            _response(build, f"psk/{key}", "psk", subject, when or recorded, psk_items(scored))
        if moment in GPE_MOMENTS and measured and measured.gpe:
            items = gpe_items(build.base_url, measured.gpe)
            _response(build, f"gpe/{key}", "gpe", subject, measured.created_at, items)


def _response(build, key, name, subject, authored, items) -> None:
    """A QuestionnaireResponse to one of our Questionnaires."""
    build.add(
        "QuestionnaireResponse",
        key,
        {
            "identifier": {"system": f"{build.base_url}/fhir/response-id", "value": key},
            "questionnaire": canonical(build.base_url, name),
            "status": "completed",
            "subject": subject,
            "authored": authored.isoformat(),
            "item": items,
        },
    )


def _nprs(build, key, subject, day: date, pain: int, note: str) -> None:
    resource: dict[str, Any] = {
        "status": "final",
        "category": [
            _coded("http://terminology.hl7.org/CodeSystem/observation-category", "survey")
        ],
        "code": {"coding": [{"system": LOINC, "code": NPRS_LOINC, "display": NPRS_DISPLAY}]},
        "subject": subject,
        "effectiveDateTime": day.isoformat(),
        "valueInteger": pain,
        "note": [{"text": note}],
    }
    build.add("Observation", key, resource)


def _pain_logs(build, session, patient, subject, window) -> None:
    """An Observation per logged pain score; older ones say they answered "pain now"."""
    query = select(SessionLog).where(SessionLog.patient_id == patient.id)
    start, end = window
    if start:
        query = query.where(SessionLog.local_date >= start)
    if end:
        query = query.where(SessionLog.local_date <= end)
    for log in session.scalars(query.order_by(SessionLog.local_date, SessionLog.id)):
        if log.pain_question == PainQuestion.AVERAGE_24H:
            note = "Daily log: average pain over the last 24 hours"
        else:
            note = f"Daily log: pain now (asked so before {AVERAGE_24H_SINCE.isoformat()})"
        _nprs(build, f"log/{log.id}", subject, log.local_date, log.pain, note)


def _care_plans(build, session, patient, subject, window, today: date) -> None:
    """A CarePlan per plan, each exercise an activity with its days and this week's amount.

    For a closed episode: the plans that started before it closed, dosed as on its last day.
    """
    query = select(Plan).where(Plan.patient_id == patient.id)
    end = window[1]
    if end:
        query = query.where(Plan.start_date <= end)
    for plan in session.scalars(query.order_by(Plan.id)):
        build.add("CarePlan", plan.id, _care_plan(plan, subject, end or today))


def _care_plan(plan: Plan, subject, today: date) -> dict[str, Any]:
    status = {"active": "active", "paused": "on-hold", "ended": "completed"}[plan.status.value]
    schedule = plan.schedule_on(today)
    days = [DAY_CODES[d] for d in weekdays_from_mask(schedule.weekdays)]
    activity = []
    for item in plan.items:
        amount = quota(plan, item, today)
        detail: dict[str, Any] = {
            "status": "in-progress" if status == "active" else "stopped",
            "code": {"text": item.exercise.name_en},
            "description": f"{item.sets} x {amount if amount is not None else 'measure'}"
            f" {item.exercise.unit.value}",
            "scheduledTiming": {
                "repeat": {
                    "dayOfWeek": days,
                    "timeOfDay": [schedule.reminder_time.strftime("%H:%M:%S")],
                }
            },
        }
        if amount is not None:
            detail["quantity"] = {
                "value": amount * item.sets,
                "unit": UNITS[item.exercise.unit.value],
            }
        activity.append({"detail": detail})
    return {
        "status": status,
        "intent": "plan",
        "title": f"Exercise plan ({plan.template})",
        "subject": subject,
        "period": {"start": plan.start_date.isoformat()},
        "activity": activity,
    }


def _coded(system: str, code: str) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code}]}
