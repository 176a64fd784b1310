"""The tune/measure split of an eval corpus: figures that only hold on the calls tuned on do not count.

``eval/splits.json`` lists, per corpus folder (by its name: ``calls-dev``, ``ami-en``), the cases a
backend may be tuned on (``tune``) and the cases only measured (``measure``). ``crc eval`` reports both
(or one with ``--split``). The file is written by :func:`propose` and committed; regenerate it only when
a corpus gains calls::

    python -m summarizer.evaluation.splits ../shared/corpora/calls-dev ../shared/corpora/ami-en > eval/splits.json

The split is deterministic and stratified: cases are grouped by (language, meeting type, meeting
series) and dealt alternately, a meeting series (AMI's ``ES2004a``–``d``, the same people) stays on
one side, and an account folder (``account-*``: calls of one client, scored together) is measured only.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from summarizer.errors import InputError
from summarizer.messages import Message

Split = Literal["tune", "measure"]
SPLITS: tuple[Split, ...] = ("tune", "measure")
DEFAULT_SPLITS_FILE = Path("eval") / "splits.json"

#: AMI meeting ids: a series (ES2004) of four meetings (a-d) with the same people
_SERIES = re.compile(r"^([A-Z]{2}\d{4})[a-d]$")

_ABOUT = ("Tune/measure split of the eval corpora (crc eval --split tune|measure). Tune rules on 'tune' only; "
          "'measure' says whether they hold on calls nobody tuned on. Written by "
          "`python -m summarizer.evaluation.splits DIR...`, see summarizer/evaluation/splits.py.")


class CorpusSplit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tune: list[str] = Field(default_factory=list)
    measure: list[str] = Field(default_factory=list)

    def of(self) -> dict[str, Split]:
        """Case name -> its split."""
        return {**dict.fromkeys(self.tune, "tune"), **dict.fromkeys(self.measure, "measure")}


class SplitFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    about: str | None = None
    corpora: dict[str, CorpusSplit] = Field(default_factory=dict)


def load_splits(path: Path) -> SplitFile:
    """Read ``eval/splits.json``; one clear line when it is unreadable or malformed."""
    try:
        return SplitFile.model_validate_json(path.read_bytes())
    except OSError as exc:
        raise InputError(Message("eval_splits_unreadable", path=path, reason=exc.strerror or type(exc).__name__)) from exc
    except ValidationError as exc:
        raise InputError(Message("eval_splits_unreadable", path=path, reason=exc.errors()[0]["msg"])) from exc


def corpus_key(cases_dir: Path) -> str:
    """The name a corpus folder is listed under: its own name (``../shared/corpora/calls-dev`` -> ``calls-dev``)."""
    return cases_dir.resolve().name


def splits_of(path: Path | None, cases_dir: Path, wanted: str | None = None) -> Mapping[str, Split] | None:
    """Case name -> split for this folder, or None when the folder is not split.

    ``path`` None means the default ``eval/splits.json`` when it exists (``crc eval`` run from the
    repository); a path given must be readable. ``wanted`` (``--split``) must be a known split, and
    the folder must then be listed.
    """
    if wanted is not None and wanted not in SPLITS:
        raise InputError(Message("eval_split_unknown", split=wanted))
    file = path or DEFAULT_SPLITS_FILE
    found = None
    if path is not None or file.is_file():
        found = load_splits(file).corpora.get(corpus_key(cases_dir))
    if found is None and wanted is not None:
        raise InputError(Message("eval_split_missing", split=wanted, corpus=cases_dir, path=file))
    return found.of() if found is not None else None


def _unit(name: str) -> str:
    m = _SERIES.match(name)
    return m.group(1) if m else name


def propose(cases_dir: Path) -> CorpusSplit:
    """A deterministic stratified half/half split of the folder's cases (see the module docstring)."""
    from summarizer.evaluation.cases import case_name, discover_cases
    from summarizer.evaluation.gold import load_gold

    measure_only: list[str] = []
    units: dict[str, list[str]] = defaultdict(list)
    strata: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for path in discover_cases(cases_dir):
        name = case_name(path)
        if any(part.startswith("account-") for part in path.relative_to(cases_dir).parts[:-1]):
            measure_only.append(name)
            continue
        gold = load_gold(path)
        unit = _unit(name)
        units[unit].append(name)
        series = re.sub(r"\d.*", "", unit) if unit != name else ""
        strata[(gold.language, gold.meeting_type.value if gold.meeting_type else "", series)].add(unit)
    out = CorpusSplit(measure=sorted(measure_only))
    turn = 0
    for stratum in sorted(strata):
        for unit in sorted(strata[stratum]):
            (out.tune if turn % 2 == 0 else out.measure).extend(sorted(units[unit]))
            turn += 1
    out.tune.sort()
    out.measure.sort()
    return out


def main(argv: list[str]) -> int:
    """Print a split file for the folders given (``python -m summarizer.evaluation.splits DIR...``)."""
    corpora = {corpus_key(Path(d)): propose(Path(d)) for d in argv}
    data = SplitFile(about=_ABOUT, corpora=corpora).model_dump(mode="json")
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
