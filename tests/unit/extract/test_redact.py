"""Pseudonymisation: when it applies, what Presidio finds, and the round trip placeholder -> value."""

from __future__ import annotations

import json
import subprocess
import sys
from types import SimpleNamespace
from typing import Any

import pytest

from summarizer.extract.llm.redact import Pseudonyms, local_endpoint, pseudonymise, redaction_decision
from summarizer.extract.llm.settings import LlmSettings

TEXTS = [
    "Bonjour, merci de prendre le temps aujourd'hui.",
    "Écrivez-moi à marc.ferrand@transports-ferrand.fr ou au 06 12 34 56 78.",
    "Notre IBAN est FR76 3000 6000 0112 3456 7890 189, le siège est au 12 rue des Lilas, 69003 Lyon.",
    "La carte 4111 1111 1111 1111 servira pour l'acompte, Marc validera avec Maître Pons.",
    "Le point 3000 du planning et les 140 camions restent à revoir.",
]


@pytest.fixture(scope="module")
def pseudo() -> Pseudonyms:
    return pseudonymise(TEXTS, "fr", people=["Claire Martin", "Marc Ferrand"], client="Transports Ferrand",
                        vendor="Logivia")


@pytest.mark.parametrize(("url", "local"), [
    ("http://localhost:11434/v1", True),
    ("http://127.0.0.1:8000/v1", True),
    ("http://[::1]:8000/v1", True),
    ("http://10.2.3.4/v1", True),
    ("http://172.20.0.5:8080/v1", True),
    ("http://192.168.1.20:11434/v1", True),
    ("http://169.254.10.1/v1", True),
    ("http://gpu-box.local:8000/v1", True),
    ("https://api.openai.com/v1", False),
    ("https://api.mistral.ai/v1", False),
    ("http://172.32.0.1/v1", False),  # just outside 172.16/12
    ("http://8.8.8.8/v1", False),
    ("https://my-resource.openai.azure.com/openai", False),
    (None, False),  # no URL: the openai client's default, api.openai.com
])
def test_local_endpoints_are_this_machine_and_its_private_network(url: str | None, local: bool) -> None:
    assert local_endpoint(url)[0] is local


@pytest.mark.parametrize(("redact", "url", "on", "key"), [
    ("auto", "http://127.0.0.1:1/v1", False, "redact_local"),
    ("auto", "https://api.openai.com/v1", True, "redact_remote"),
    ("on", "http://127.0.0.1:1/v1", True, "redact_forced_on"),
    ("off", "https://api.openai.com/v1", False, "redact_forced_off"),
])
def test_the_decision_and_its_reason(redact: str, url: str, on: bool, key: str) -> None:
    decided, reason = redaction_decision(LlmSettings(base_url=url, model="m", redact=redact))  # type: ignore[arg-type]
    assert decided is on and reason.key == key
    assert reason.render("en") and reason.render("fr") != reason.render("en")


def test_environment_forces_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRC_LLM_REDACT", "off")
    assert LlmSettings(model="m").redact == "off"


def test_presidio_finds_each_kind(pseudo: Pseudonyms) -> None:
    found = {value: pseudo.kinds[placeholder[1:-1]] for value, placeholder in pseudo.by_value.items()}
    expected = {
        "marc.ferrand@transports-ferrand.fr": "email", "06 12 34 56 78": "phone",
        "FR76 3000 6000 0112 3456 7890 189": "iban", "4111 1111 1111 1111": "card",
        "12 rue des Lilas, 69003 Lyon": "address", "Claire Martin": "person", "Marc": "person",
        "Maître Pons": "person", "Transports Ferrand": "client", "Logivia": "vendor",
    }
    assert {v: found.get(v) for v in expected} == expected
    # digits inside an IBAN, a short number in the talk: no phone numbers
    assert "3000" not in found and "140" not in found


def test_redact_then_restore_gives_the_text_back(pseudo: Pseudonyms) -> None:
    for text in TEXTS:
        redacted = pseudo.redact(text)
        assert pseudo.restore(redacted, escape=False) == text
    line = pseudo.redact(TEXTS[1])
    assert line == "Écrivez-moi à [EMAIL_1] ou au [TELEPHONE_1]."


def test_the_longest_value_wins_and_placeholders_are_stable(pseudo: Pseudonyms) -> None:
    assert pseudo.redact("Claire Martin et Claire") == f"{pseudo.by_value['Claire Martin']} et {pseudo.by_value['Claire']}"
    assert pseudo.redact("Transports Ferrand") == "[CLIENT_1]"
    assert pseudo.redact("Marc") == pseudo.redact("Marc")  # every chunk, every re-ask


def test_restore_tolerates_dropped_brackets_and_keeps_json_valid() -> None:
    pseudo = Pseudonyms()
    pseudo.add("PERSON", 'Jean "JD" Dupont')
    text = json.dumps({"owner": "[PERSONNE_1]", "text": "voir PERSONNE_1", "other": "[PERSONNE_9]"})
    assert json.loads(pseudo.restore(text)) == {"owner": 'Jean "JD" Dupont', "text": 'voir Jean "JD" Dupont',
                                                "other": "[PERSONNE_9]"}


def test_the_metadata_counts_are_per_kind(pseudo: Pseudonyms) -> None:
    counts = pseudo.counts()
    assert counts["email"] == counts["iban"] == counts["card"] == counts["address"] == 1
    assert counts["client"] == counts["vendor"] == 1 and counts["person"] >= 4


def test_companies_can_be_kept() -> None:
    kept = pseudonymise(["Logivia livre Transports Ferrand."], "fr", client="Transports Ferrand", vendor="Logivia",
                        companies=False)
    assert "Transports Ferrand" not in kept.by_value and "Logivia" not in kept.by_value


def test_wrap_redacts_every_message_and_restores_the_answer(pseudo: Pseudonyms) -> None:
    sent: list[Any] = []

    def create(**kwargs: Any) -> Any:
        sent.append(kwargs["messages"])
        call = SimpleNamespace(function=SimpleNamespace(arguments='{"owner": "[PERSONNE_1]"}'))
        message = SimpleNamespace(content="[EMAIL_1]", tool_calls=[call])
        return SimpleNamespace(choices=[SimpleNamespace(message=message)])

    messages = [
        {"role": "user", "content": TEXTS[1]},
        {"role": "assistant", "content": None, "tool_calls": [{"id": "c1", "type": "function", "function": {
            "name": "CRCExtraction", "arguments": '{"owner": "Claire Martin"}'}}]},
        {"role": "tool", "tool_call_id": "c1", "content": "owner Claire Martin is not a participant"},
    ]
    response = pseudo.wrap(create)(model="m", messages=messages)
    blob = json.dumps(sent, ensure_ascii=False)
    assert "Claire" not in blob and "marc.ferrand" not in blob and '"tool_call_id": "c1"' in blob
    assert messages[0]["content"] == TEXTS[1]  # the caller's messages are not changed
    assert response.choices[0].message.content == "marc.ferrand@transports-ferrand.fr"
    assert json.loads(response.choices[0].message.tool_calls[0].function.arguments) == {
        "owner": pseudo.by_placeholder["PERSONNE_1"]}


def test_help_and_the_rules_backend_do_not_load_presidio() -> None:
    code = ("import sys\nfrom summarizer.cli import app\nimport summarizer.extract.llm.extractor\n"
            "assert 'presidio_analyzer' not in sys.modules, 'presidio loaded'\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_english_calls_too() -> None:
    found = pseudonymise(["Call me at +44 20 7946 0958 or john@acme.co.uk; the office is 221 Baker Street, London."],
                         "en", people=["Jane Doe"])
    kinds = {value: found.kinds[p[1:-1]] for value, p in found.by_value.items()}
    assert kinds["+44 20 7946 0958"] == "phone" and kinds["john@acme.co.uk"] == "email"
    assert kinds["221 Baker Street, London"] == "address" and kinds["Jane"] == "person"


def test_speaker_labels_that_name_nobody_are_left_alone() -> None:
    found = pseudonymise(["Le client valide le planning."], "fr",
                         people=["Locuteur 1", "SPEAKER_00", "Client", "Vendeur", "Speaker 2", "Julie Roux"])
    assert set(found.by_value) == {"Julie Roux", "Julie", "Roux"}


def test_words_of_the_prompt_stay_unless_crc_was_given_them() -> None:
    """spaCy takes "Hello" for a person: a prompt saying "Hello" keeps it; a name crc was given goes anyway."""
    texts = ["Hello, merci. John Smith rappelle demain."]
    replaced = pseudonymise(texts, "fr", people=["John Smith"])
    kept = pseudonymise(texts, "fr", people=["John Smith"], protected="Say Hello to John Smith.")
    assert "Hello" in replaced.by_value and "Hello" not in kept.by_value
    assert kept.redact(texts[0]) == f"Hello, merci. {kept.by_value['John Smith']} rappelle demain."


def test_a_title_and_a_name_is_a_person_even_when_the_ner_misses_it() -> None:
    texts = ["Et bon courage avec la neige, Monsieur Combalot.", "Voyez avec le Dr Amrani, puis M. Ba-Diallo."]
    found = pseudonymise(texts, "fr")
    assert "Monsieur Combalot" in found.by_value
    redacted = " ".join(found.redact(t) for t in texts)
    assert not [n for n in ("Combalot", "Amrani", "Ba-Diallo") if n in redacted]
