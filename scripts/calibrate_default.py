"""Write the calibration shipped with the package (halokop_nlp/resources/default_calibration.json).

It is fit on the sample KB and its dev queries with the bundled encoder, and used by
``Recommender.build`` when no labelled set is given and the encoder is the bundled one. An office
with its own labelled questions (or the service's staff feedback) should calibrate on those instead.

Usage: python scripts/calibrate_default.py
"""

from __future__ import annotations

import json
from pathlib import Path

from halokop_nlp.encoders import get_encoder
from halokop_nlp.kb import read_jsonl, read_kb
from halokop_nlp.retrieval import Recommender

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "halokop_nlp" / "resources" / "default_calibration.json"


def main() -> None:
    rec = Recommender.build(
        read_kb(ROOT / "data/sample/kb.jsonl"),
        get_encoder("bundled:e5-small"),
        labelled=read_jsonl(ROOT / "data/eval/dev.jsonl"),
        labelled_name="default: sample KB + data/eval/dev.jsonl",
    )
    text = json.dumps(rec.calibration.to_dict(), indent=2, ensure_ascii=False)
    OUT.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
