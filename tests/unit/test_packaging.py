"""The wheel carries what the code loads at run time (prompts, schemas), not only the checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-w", str(out), "-q"],
        capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {result.stderr.strip().splitlines()[-1:]}")
    (whl,) = out.glob("*.whl")
    return whl


def test_wheel_ships_prompts_and_schemas(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "summarizer/schemas/crc.schema.json" in names
    prompts = {n for n in names if n.startswith("summarizer/prompts/")}
    assert {p.rsplit("/", 1)[1] for p in prompts} >= {(ROOT / "prompts" / f).name for f in ("crc_extract.fr.md", "crc_extract.en.md")}
    assert "summarizer/py.typed" in names


def test_wheel_has_console_script(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        entry = next(n for n in zf.namelist() if n.endswith("entry_points.txt"))
        assert "crc = summarizer.cli:main" in zf.read(entry).decode()
