"""The message catalog: every key in both languages, used by the code, and English free of French."""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from summarizer.errors import InputError, one_line, validation_summary
from summarizer.lang import codes, get_lang
from summarizer.messages import Message, MessageError, catalog, reason_of, size_label

ROOT = Path(__file__).resolve().parents[2]
#: keys built at run time rather than written as ``Message("key"``
INDIRECT = {"verbatim", "pydantic:invalid"}


def _fields(template: str) -> dict[str, str]:
    return {name: spec for _, name, spec, _ in string.Formatter().parse(template) if name}


def _sample(name: str, spec: str) -> Any:
    """A plausible value for a field, by its format spec."""
    if spec.startswith("bytes"):
        return 3 * 1024 * 1024 + 17
    if spec == "place":
        return ["next_steps", 0, "owner"]
    if spec in {"or", "and", "names"}:
        return ["rules", "llm"]
    if spec.endswith("f"):
        return 12.0
    if name in {"problems", "items"}:
        return [Message("too_many_facts", max=7), Message("close_before_meeting", date="2026-01-01")]
    if name == "reason":
        return Message("pydantic:missing")
    return f"<{name}>"


def _used_keys() -> set[str]:
    pattern = re.compile(r"""(?:Message|ApiError)\(\s*(?:\d+,\s*)?"([a-z0-9_:]+)\"""")
    return {m for path in (ROOT / "summarizer").rglob("*.py") for m in pattern.findall(path.read_text(encoding="utf-8"))}


CATALOG = catalog()


def test_every_pack_has_every_message_with_the_french_fields() -> None:
    """The texts live in the packs (issue 21): each pack has the same keys, each template the same fields."""
    french = get_lang("fr").messages
    for code in codes():
        pack = get_lang(code).messages
        assert list(pack.catalog) == list(french.catalog) and list(pack.service) == list(french.service), code
        for key, text in [*pack.catalog.items(), *pack.service.items()]:
            assert _fields(text).keys() == _fields({**french.catalog, **french.service}[key]).keys(), (code, key)


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_11_11_every_message_has_both_languages_with_the_same_fields(key: str) -> None:
    fr, en = get_lang("fr").messages.catalog[key], get_lang("en").messages.catalog[key]
    assert fr and en
    assert _fields(fr) == _fields(en), key
    params = {name: _sample(name, spec) for name, spec in _fields(fr).items()}
    french, english = Message(key, **params).render("fr"), Message(key, **params).render("en")
    assert "«" not in english and "»" not in english, english
    assert not re.search(r"\w [:;] ", english), english  # French spacing before a colon or semicolon
    if key not in INDIRECT and not key.startswith("pydantic:"):
        assert french != english, key


def test_11_11_every_message_key_in_the_code_exists_and_every_message_is_used() -> None:
    used = _used_keys()
    product = {key for key in CATALOG if not key.startswith("pydantic:")} - INDIRECT
    assert used & product == product, f"never raised: {sorted(product - used)}"
    from summarizer.serve.messages import service_keys

    unknown = used - set(CATALOG) - service_keys()
    assert not unknown, f"keys without a text: {sorted(unknown)}"
    with pytest.raises(KeyError):
        Message("no_such_key")


def test_11_11_messages_round_trip_through_json_with_nested_messages() -> None:
    nested = Message(
        "crc_invalid",
        problems=[
            Message("field_problem", where=["meeting", "date"], reason=Message("pydantic:missing")),
            Message("owner_not_participant", where="next_steps[0].owner", owner="Zorro"),
        ],
    )
    again = Message.from_json(nested.to_json())
    assert again == nested
    assert again.render("fr") == (
        "CRC invalide — meeting.date : champ obligatoire ; next_steps[0].owner « Zorro » n'est pas un participant"
    )
    assert again.render("en") == "invalid CRC — meeting.date: field required; next_steps[0].owner “Zorro” is not a participant"


def test_11_11_language_aware_formats() -> None:
    too_large = Message("transcript_too_large", name="big.txt", size=52_428_801, limit=50 * 1024 * 1024)
    assert "fichier de 50,000001 Mo, au-delà de la limite de 50 Mo" in too_large.render("fr")
    assert "a 50.000001 MB file, over the 50 MB limit" in too_large.render("en")
    assert size_label(1536, lang="en") == "1.5 KB" and size_label(1536) == "1,5 Ko"
    backend = Message("backend_unknown", name="x", choices=["rules", "llm"])
    assert backend.render("fr").endswith("choisir rules ou llm.") and backend.render("en").endswith("choose rules or llm.")
    assert Message("rename_absent", old="A", speakers=[]).render("en").endswith("speakers: none.")
    assert Message("llm_refused", where="h", code=400, detail="").render("en").startswith("request refused by h (400);")
    assert "(400 : mode inconnu)" in Message("llm_refused", where="h", code=400, detail="mode inconnu").render("fr")


class _Form(BaseModel):
    count: int
    kind: str

    def model_post_init(self, _context: Any) -> None:
        if self.kind == "bad":
            raise MessageError(Message("too_many_facts", max=7))


def test_11_11_pydantic_errors_read_in_either_language_without_the_input() -> None:
    with pytest.raises(ValidationError) as caught:
        _Form.model_validate({"count": "SECRET-1"})
    assert validation_summary(caught.value, limit=2) == "count : nombre entier attendu ; kind : champ obligatoire"
    assert validation_summary(caught.value, limit=1, lang="en") == "count: integer expected (+1)"
    assert "SECRET" not in validation_summary(caught.value, limit=2, lang="en")
    with pytest.raises(ValidationError) as own:
        _Form.model_validate({"count": 1, "kind": "bad"})
    [error] = own.value.errors()
    assert reason_of(error).render("en") == "at most 7 key facts (7-3-1 format)"


def test_11_11_internal_errors_and_plain_messages_in_one_line() -> None:
    assert one_line(RuntimeError("boom"), Path("a.vtt")) == "a.vtt : erreur interne (RuntimeError: boom) ; relancez avec --debug."
    assert one_line(RuntimeError("boom"), lang="en") == "internal error (RuntimeError: boom); run again with --debug."
    keyed = InputError(Message("file_missing", path="x.vtt"))
    assert str(keyed) == "x.vtt : fichier introuvable." and keyed.localized("en") == "x.vtt: file not found."
    plain = InputError("texte libre")
    assert plain.localized("en") == "texte libre" and plain.message is None
