"""Checks every exported FHIR Bundle must pass: the R4B models of ``fhir.resources``, and our
own rules that the models do not enforce (codes and systems, ranges, references, one patient)."""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.bundle import Bundle

LOINC, NPRS = "http://loinc.org", "72514-3"
SNOMED, LOW_BACK_PAIN = "http://snomed.info/sct", "279039007"


class BundleProblem(AssertionError):
    """An exported Bundle breaks one of our rules."""


def _references(value: Any):
    """Every reference string anywhere in a resource."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "reference" and isinstance(inner, str):
                yield inner
            else:
                yield from _references(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _references(inner)


def _answers(items: list[dict]):
    for item in items:
        yield item["linkId"], item.get("answer", [])
        yield from _answers(item.get("item", []))


def check_bundle(document: dict[str, Any], patient_id: int, base_url: str) -> None:
    """Raise when the Bundle is not valid R4 or breaks one of our rules."""
    Bundle.model_validate(document)  # the R4B structure, types and cardinalities
    if document.get("type") != "collection":
        raise BundleProblem("the Bundle is not a collection")
    entries = document["entry"]
    names = [e["fullUrl"] for e in entries]
    if len(set(names)) != len(names):
        raise BundleProblem("two entries share a fullUrl")
    by_type: dict[str, list[dict]] = {}
    for entry in entries:
        by_type.setdefault(entry["resource"]["resourceType"], []).append(entry["resource"])
    patients = by_type.get("Patient", [])
    if len(patients) != 1:
        raise BundleProblem(f"{len(patients)} Patient resources, not one")
    identifier = patients[0]["identifier"][0]
    if identifier != {"system": f"{base_url}/fhir/patient-id", "value": str(patient_id)}:
        raise BundleProblem(f"the Patient is not patient {patient_id}: {identifier}")
    patient_url = next(e["fullUrl"] for e in entries if e["resource"] is patients[0])
    for entry in entries:
        for reference in _references(entry["resource"]):
            if reference not in names:
                raise BundleProblem(f"{reference} does not resolve inside the Bundle")
        for key in ("subject", "patient"):
            ref = entry["resource"].get(key)
            if ref is not None and ref["reference"] != patient_url:
                raise BundleProblem(f"{entry['fullUrl']} is about another patient")
    for observation in by_type.get("Observation", []):
        coding = observation["code"]["coding"]
        if {(c["system"], c["code"]) for c in coding} != {(LOINC, NPRS)}:
            raise BundleProblem(f"an Observation is not coded as the NPRS: {coding}")
        value = observation.get("valueInteger")
        if not isinstance(value, int) or not 0 <= value <= 10:
            raise BundleProblem(f"an NPRS of {value!r} is outside 0-10")
    for condition in by_type.get("Condition", []):
        codes = {(c["system"], c["code"]) for c in condition["code"]["coding"]}
        if (SNOMED, LOW_BACK_PAIN) not in codes:
            raise BundleProblem("a Condition is not SNOMED CT 279039007")
    questionnaires = {q["url"]: q for q in by_type.get("Questionnaire", [])}
    for url in questionnaires:
        if not url.startswith(f"{base_url}/fhir/Questionnaire/"):
            raise BundleProblem(f"a Questionnaire is not under BASE_URL: {url}")
    for response in by_type.get("QuestionnaireResponse", []):
        if response["questionnaire"] not in questionnaires:
            raise BundleProblem(f"{response['questionnaire']} is not in the Bundle")
        for link, answers in _answers(response["item"]):
            for answer in answers:
                value = answer.get("valueInteger")
                if value is not None and not 0 <= value <= 10:
                    raise BundleProblem(f"{link} = {value} is outside 0-10")
                if link.endswith("-name") and not answer.get("valueString", "").strip():
                    raise BundleProblem(f"{link} has an empty activity")
