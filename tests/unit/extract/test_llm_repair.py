"""The LLM answer kept: absent people named in the call own items, one bad field costs its item, not the CRC."""

from __future__ import annotations

from typing import Any

from summarizer.crc import RiskCategory, Severity
from summarizer.extract.llm.chunks import merge_extractions
from summarizer.extract.llm.extractor import completion_text
from summarizer.extract.llm.models import (
    Grounding,
    LlmExtraction,
    grounding_errors,
    lenient_extraction,
    name_spoken,
    repair_grounding,
    spoken_words,
)
from summarizer.ingest.transcript import Segment, Transcript


def _call() -> Transcript:
    lines = [
        ("Ana Roy", "Maître Pons vous enverra le projet d'avenant d'ici vendredi."),
        ("Bo Lind", "Très bien, et Estelle relira les annexes."),
        ("Ana Roy", "Le budget est de 40 000 euros."),
        ("Bo Lind", "Une banane pour la route ?"),
    ]
    return Transcript(segments=[Segment(index=i, speaker=who, text=text) for i, (who, text) in enumerate(lines)])


def _grounding() -> Grounding:
    return Grounding(_call(), ["Ana Roy", "Bo Lind"])


def test_a_name_is_spoken_as_whole_words_titles_aside() -> None:
    words = spoken_words(_call())
    assert name_spoken("Maître Pons", words) and name_spoken("Pons", words) and name_spoken("Me Pons", words)
    assert name_spoken("estelle", words)
    assert not name_spoken("Estelle Girard", words)  # a surname nobody said is invented
    assert name_spoken("Pons Maître", words) and name_spoken("Bo Roy", words)  # parts may be said apart
    assert not name_spoken("Bana", words)  # "banane" is not "Bana"
    assert not name_spoken("Maître", words)  # a title alone names nobody


def test_an_absent_person_named_in_the_call_owns_an_item_and_is_recorded_absent() -> None:
    ext = LlmExtraction.model_validate({
        "next_steps": [{"action": "Relire les annexes", "owner": "Estelle", "evidence": [{"segment": 1, "quote": "Estelle relira les annexes"}]}],
        "deliverables": [{"what": "Projet d'avenant", "issuer": "Maître Pons", "due_text": "d'ici vendredi",
                          "evidence": [{"segment": 0, "quote": "Maître Pons vous enverra le projet d'avenant"}]}],
    })
    assert grounding_errors(ext, _grounding()) == []
    assert [(p.name, p.attended) for p in ext.participants] == [("Estelle", False), ("Maître Pons", False)]
    assert ext.next_steps[0].owner == "Estelle" and ext.deliverables[0].issuer == "Maître Pons"


def test_a_person_present_in_one_part_of_a_long_call_is_present() -> None:
    a = LlmExtraction.model_validate({"participants": [{"name": "Estelle", "attended": False}]})
    b = LlmExtraction.model_validate({"participants": [{"name": "Estelle", "side": "client"}]})
    [estelle] = merge_extractions([a, b]).participants
    assert estelle.attended is None and estelle.side.value == "client"


def test_schema_errors_default_the_field_or_drop_the_item() -> None:
    ev = [{"segment": 2, "quote": "Le budget est de 40 000 euros"}]
    data: dict[str, Any] = {
        "meeting_type": "kickoff",
        "facts": [{"text": f"fait {i}", "evidence": ev} for i in range(9)],
        "risks": [{"text": "Budget", "category": "finance", "severity": "critical", "evidence": ev}],
        "next_steps": [{"action": "Sans preuve"}, {"action": "Rappeler", "due_date": "vendredi", "evidence": ev}],
        "qualification": {"budget": ["40 k€"]},
    }
    read = lenient_extraction(data)
    assert read is not None
    ext, notes = read
    assert len(ext.facts) == 7 and ext.meeting_type.value == "other"
    assert (ext.risks[0].category, ext.risks[0].severity) == (RiskCategory.other, Severity.medium)
    assert [s.action for s in ext.next_steps] == ["Rappeler"] and ext.next_steps[0].due_date is None
    assert ext.qualification.budget is None
    assert len(notes) == 7 and any("next_steps[0] invalide : élément retiré" in n for n in notes)
    assert lenient_extraction(["not", "an", "object"]) is None


def test_repair_drops_only_the_bad_parts() -> None:
    ext = LlmExtraction.model_validate({
        "participants": [{"name": "Paul Invente"}],
        "facts": [
            {"text": "Budget", "evidence": [{"segment": 2, "quote": "Le budget est de 40 000 euros"},
                                            {"segment": 2, "quote": "Le budget est de 45 000 euros"}]},
            {"text": "Inventé", "evidence": [{"segment": 9, "quote": "rien"}]},
        ],
        "next_steps": [{"action": "Avenant", "owner": "Paul Invente", "due_text": "lundi",
                        "evidence": [{"segment": 0, "quote": "vous enverra le projet d'avenant"}]}],
    })
    notes = repair_grounding(ext, _grounding())
    assert grounding_errors(ext, _grounding()) == []
    assert [f.text for f in ext.facts] == ["Budget"] and len(ext.facts[0].evidence) == 1
    step = ext.next_steps[0]
    assert (step.action, step.owner, step.due_text) == ("Avenant", None, None)
    assert ext.participants == []
    assert len(notes) == 6 and any("facts[1]" in n and "élément retiré" in n for n in notes)


class _Obj:
    def __init__(self, **kw: Any) -> None:
        self.__dict__.update(kw)


def test_completion_text_reads_tool_calls_and_fenced_content() -> None:
    tool = _Obj(function=_Obj(arguments='{"facts": []}'))
    with_tool = _Obj(choices=[_Obj(message=_Obj(tool_calls=[tool], content=None))])
    fenced = _Obj(choices=[_Obj(message=_Obj(tool_calls=None, content='```json\n{"risks": []}\n```'))])
    assert completion_text(with_tool) == '{"facts": []}' and completion_text(fenced) == '{"risks": []}'
    assert completion_text(None) is None
