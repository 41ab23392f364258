"""The .eml files of the file outbox: erasing those to or about a person."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.utils import getaddresses
from pathlib import Path

# A name this short would match unrelated text; the address still finds their own emails.
MIN_NAME_LENGTH = 4


def _mentions(data: bytes, address: str, name: str) -> bool:
    """True when the email goes to the address, or names the person in its subject or text."""
    message = message_from_bytes(data, policy=policy.default)
    recipients = getaddresses(message.get_all("To", []) + message.get_all("Cc", []))
    if any(found.lower() == address for _, found in recipients):
        return True
    if len(name) < MIN_NAME_LENGTH:
        return False
    texts = [str(message.get("Subject", ""))]
    for part in message.walk():
        if part.get_content_maintype() == "text":
            texts.append(part.get_content())
    return any(name in text.lower() for text in texts)


def erase_outbox_files(directory: str | Path, *, address: str, name: str) -> int:
    """Delete the outbox's .eml files to this address or naming this person; how many went.

    Used when a patient deletes their account: the emails to them and those about them (a
    message, a safety alert to their physio) are personal data like the database rows.
    """
    folder = Path(directory)
    if not folder.is_dir():
        return 0
    address, name = address.strip().lower(), name.strip().lower()
    erased = 0
    for path in sorted(folder.glob("*.eml")):
        try:
            if _mentions(path.read_bytes(), address, name):
                path.unlink()
                erased += 1
        except FileNotFoundError:
            continue  # removed meanwhile
    return erased
