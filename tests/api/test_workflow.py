"""The whole workflow end to end: intake → suggestions → answer from the draft → approval → edition
published → public search finds it → a new paraphrased question is flagged a duplicate of it."""

from __future__ import annotations

import os
import shutil

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.services.index_versions import write_pointer
from halokop_nlp import Recommender
from tests.api.util import MEREK_ANSWER, MEREK_QUESTION, next_weekday

PUBLIC_QUESTION = "Bagaimana cara mendaftarkan merek dagang produk UMKM?"


def run_workflow(client: TestClient, accounts, paraphrase: str, publish_weekday: int) -> dict:
    staf, pimpinan = accounts["staf"], accounts["pimpinan"]

    # 1. a citizen asks through the web form and keeps the tracking code
    receipt = client.post("/api/public/questions", json={"text": MEREK_QUESTION, "name": "Ibu Rina"}).json()
    code = receipt["tracking_code"]

    # 2. staff open it: stored, screened, with matches and a draft
    listed = client.get("/api/questions?status=pending&channel=web_form", headers=staf).json()
    assert listed["total"] == 1
    question = client.get(f"/api/questions/{listed['items'][0]['id']}", headers=staf).json()
    assert question["suggestions_status"] == "ready"
    assert question["verdict"] in ("duplicate", "related", "new")
    assert len(question["suggestions"]) == 5
    assert question["draft"].startswith("[DRAF")
    assert not any("merek" in s["question"].lower() for s in question["suggestions"])

    # 3. staff answer from the draft, writing the new part; the top match did not fit
    draft_lines = question["draft"].splitlines()
    reply = "\n".join([draft_lines[2], "", MEREK_ANSWER, "", draft_lines[-1]])
    top = question["suggestions"][0]["id"]
    answered = client.post(
        f"/api/questions/{question['id']}/answer",
        headers=staf,
        json={
            "answer": reply,
            "source": "draft",
            "public_question": PUBLIC_QUESTION,
            "category": "perizinan-usaha",
            "feedback": [{"suggestion_id": top, "action": "rejected", "reason": "not_related"}],
        },
    ).json()
    assert answered["status"] == "answered"
    assert answered["suggestions"][0]["feedback"] == "rejected"

    # 4. the head of office approves
    approved = client.post(
        f"/api/questions/{question['id']}/approve", json={"decision": "approve"}, headers=pimpinan
    ).json()
    assert approved["status"] == "approved"
    assert client.get(f"/api/public/questions/{code}").json()["status"] == "approved"

    # 5. the weekly edition is put together and published
    day = next_weekday(publish_weekday)
    edition = client.post("/api/editions", json={"publish_date": day.isoformat()}, headers=staf).json()
    client.post(f"/api/editions/{edition['id']}/items", json={"question_ids": [question["id"]]}, headers=staf)
    published = client.post(f"/api/editions/{edition['id']}/publish", headers=pimpinan).json()
    ref = published["items"][0]["entry_ref"]
    assert ref == f"hk-{day:%Y%m%d}-01"

    # 6. the public finds it, and the citizen sees the answer
    hits = client.get("/api/public/search", params={"q": "cara daftar merek dagang"}).json()
    assert hits["items"][0]["ref"] == ref
    assert hits["items"][0]["question"] == PUBLIC_QUESTION
    status = client.get(f"/api/public/questions/{code}").json()
    assert (status["status"], status["answer"]["ref"]) == ("published", ref)
    assert "Rina" not in str(hits) + str(status)

    # 7. the next person asking the same thing in other words gets a duplicate warning
    again = client.post(
        "/api/questions", json={"channel": "whatsapp", "text": paraphrase}, headers=staf
    ).json()
    assert again["verdict"] == "duplicate", again["suggestions"][:2]
    assert again["suggestions"][0]["ref"] == ref
    assert MEREK_ANSWER in again["draft"]
    return again


def test_run_workflow_end_to_end(client, accounts, settings):
    run_workflow(client, accounts, "gmn cara daftar merek dagang utk produk umkm?", settings.publish_weekday)


@pytest.fixture(scope="session")
def bundled_index_dir(tmp_path_factory, small_entries, small_queries):
    """The small KB indexed with the real bundled encoder (~10 s), once per session."""
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    from halokop_nlp import get_encoder

    encoder = get_encoder("bundled:e5-small")
    rec = Recommender.build(small_entries, encoder, labelled=small_queries, labelled_name="queries_small")
    return rec.save(tmp_path_factory.mktemp("bundled") / "e5"), encoder


@pytest.mark.slow
def test_run_workflow_with_bundled_encoder(bundled_index_dir, settings, seeded, accounts, tmp_path):
    """With the real encoder, a paraphrase sharing few words with the published question is a duplicate."""
    directory, encoder = bundled_index_dir
    root = tmp_path / "e5-index"
    shutil.copytree(directory, root / "e5")
    write_pointer(root, "e5")
    app = create_app(settings.model_copy(update={"index_root": root}), encoder=encoder)
    with TestClient(app) as client:
        assert client.get("/health").json()["encoder"] == {"name": "bundled:e5-small", "available": True}
        run_workflow(
            client,
            accounts,
            "Gimana prosedur daftar merek buat produk usaha kecil?",
            settings.publish_weekday,
        )
