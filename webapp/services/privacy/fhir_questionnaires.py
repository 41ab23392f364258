"""Our own FHIR Questionnaires (intake screen, PSK, GPE) and the responses to them.

Canonical URLs live under the practice's BASE_URL; the answer codes of the intake screen
and the GPE are in code systems under it too. The texts are the English source wording.
"""

from __future__ import annotations

from typing import Any

from webapp.domain.measures import GPE, INTAKE_SCREEN, PSK_MAX_ACTIVITIES, FactorGroup

LOINC = "http://loinc.org"
NPRS_LOINC = "72514-3"
NPRS_DISPLAY = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
SNOMED = "http://snomed.info/sct"
LOW_BACK_PAIN = "279039007"

GPE_TEXT = {
    GPE.RECOVERED: "Completely recovered",
    GPE.MUCH_IMPROVED: "Much improved",
    GPE.SLIGHTLY_IMPROVED: "Slightly improved",
    GPE.UNCHANGED: "Unchanged",
    GPE.SLIGHTLY_WORSE: "Slightly worse",
    GPE.MUCH_WORSE: "Much worse",
    GPE.WORSE_THAN_EVER: "Worse than ever",
}
ANSWER_TEXT = {"yes": "Yes", "no": "No", "not_working": "No paid work"}
# What each intake question asks about (the patient's wording is translated in the app).
INTAKE_TOPICS = {
    "earlier_episodes": "Earlier episodes of back pain",
    "leg_pain": "Pain going into a leg",
    "limited": "Many everyday activities limited by the back",
    "poor_health": "Poor general health",
    "stress": "Often tense or stressed in the past weeks",
    "fear_of_moving": "Afraid that moving harms the back",
    "low_mood": "Often down or gloomy in the past weeks",
    "rest_is_best": "Thinks rest is best for the back (passive coping)",
    "expects_recovery": "Expects the back to be a lot better in three months",
    "fears_the_worst": "Often thinks the pain is terrible and will never go (catastrophising)",
    "heavy_work": "Physically heavy work",
    "unhappy_at_work": "Unhappy at work or poor relations at work",
}


def canonical(base_url: str, name: str) -> str:
    """The canonical URL of one of our Questionnaires."""
    return f"{base_url}/fhir/Questionnaire/{name}"


def code_system(base_url: str, name: str) -> str:
    """The URL of one of our code systems."""
    return f"{base_url}/fhir/CodeSystem/{name}"


def _options(system: str, texts: dict[str, str]) -> list[dict[str, Any]]:
    return [{"valueCoding": {"system": system, "code": c, "display": t}} for c, t in texts.items()]


def questionnaires(base_url: str) -> list[dict[str, Any]]:
    """The three Questionnaires, as FHIR R4 resources."""
    answers = code_system(base_url, "intake-answer")
    intake_items = [
        {
            "linkId": "nprs",
            "text": "Average pain over the last 24 hours (0-10)",
            "type": "integer",
            "required": True,
            "code": [{"system": LOINC, "code": NPRS_LOINC, "display": NPRS_DISPLAY}],
        }
    ]
    for question in INTAKE_SCREEN:
        allowed = (
            ANSWER_TEXT
            if question.group == FactorGroup.WORK
            else dict(list(ANSWER_TEXT.items())[:2])
        )
        intake_items.append(
            {
                "linkId": question.key,
                "text": f"{question.group.value}: {INTAKE_TOPICS[question.key]}",
                "type": "choice",
                "required": True,
                "answerOption": _options(answers, allowed),
            }
        )
    psk_items = [
        {
            "linkId": f"activity-{n}",
            "text": f"Activity {n}",
            "type": "group",
            "required": n == 1,
            "item": [
                {"linkId": f"activity-{n}-name", "text": "Activity", "type": "string"},
                {
                    "linkId": f"activity-{n}-difficulty",
                    "text": "Difficulty now: 0 = no difficulty, 10 = impossible",
                    "type": "integer",
                },
            ],
        }
        for n in range(1, PSK_MAX_ACTIVITIES + 1)
    ]
    gpe_item = {
        "linkId": "gpe",
        "text": "How has your back complaint changed since the start of your treatment?",
        "type": "choice",
        "required": True,
        "answerOption": _options(
            code_system(base_url, "gpe"), {g.value: t for g, t in GPE_TEXT.items()}
        ),
    }
    return [
        _questionnaire(base_url, "intake-screen", "Rugcoach intake screen", intake_items),
        _questionnaire(base_url, "psk", "PSK (Patient Specifieke Klachten)", psk_items),
        _questionnaire(base_url, "gpe", "Global perceived effect (7 steps)", [gpe_item]),
    ]


def _questionnaire(base_url: str, name: str, title: str, items: list) -> dict[str, Any]:
    return {
        "resourceType": "Questionnaire",
        "id": name,
        "url": canonical(base_url, name),
        "name": name.replace("-", "_"),
        "title": title,
        "status": "active",
        "subjectType": ["Patient"],
        "item": items,
    }


def intake_items(base_url: str, answers: dict[str, str], pain: int | None) -> list[dict]:
    """The intake screen's answers as QuestionnaireResponse items."""
    items = []
    if pain is not None:
        items.append({"linkId": "nprs", "answer": [{"valueInteger": pain}]})
    system = code_system(base_url, "intake-answer")
    for question in INTAKE_SCREEN:
        answer = answers.get(question.key)
        if answer in ANSWER_TEXT:
            coding = {"system": system, "code": answer, "display": ANSWER_TEXT[answer]}
            items.append({"linkId": question.key, "answer": [{"valueCoding": coding}]})
    return items


def psk_items(scored: list[tuple[int, str, int]]) -> list[dict]:
    """(position, name, difficulty) of each activity as QuestionnaireResponse items."""
    return [
        {
            "linkId": f"activity-{position}",
            "item": [
                {"linkId": f"activity-{position}-name", "answer": [{"valueString": name}]},
                {"linkId": f"activity-{position}-difficulty", "answer": [{"valueInteger": score}]},
            ],
        }
        for position, name, score in scored
    ]


def gpe_items(base_url: str, gpe: str) -> list[dict]:
    """The GPE step as a QuestionnaireResponse item."""
    coding = {"system": code_system(base_url, "gpe"), "code": gpe, "display": GPE_TEXT[GPE(gpe)]}
    return [{"linkId": "gpe", "answer": [{"valueCoding": coding}]}]
