"""Download an edition's publishing kit (Instagram cards, caption, TikTok script) as one ZIP.

``GET /api/editions/{id}/kit`` takes a bearer token like every ``/api`` route; the page route
``GET /petugas/edisi/{id}/paket`` is the same download for the edition page's button, logged in with
the staff session cookie. Roles: staf, pimpinan, admin. Draft editions can be downloaded too, so the
posts can be prepared before the publishing day.
"""

from __future__ import annotations

import io
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.responses import Response

from api.deps import SessionDep, StateDep, oauth2_scheme, require
from api.errors import Conflict, NotFound, Unavailable
from api.models import Edition, Role, User
from api.publishing import Branding, EditionKit, FontNotFoundError, KitItem, kit_filename, write_zip
from api.web.labels import category as category_name

router = APIRouter()

KIT_ROLES = (Role.staf, Role.pimpinan, Role.admin)
KitUser = Annotated[User, Depends(require(*KIT_ROLES))]
EditionId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def edition_number(session: Session, edition: Edition) -> int:
    """The edition's number in the column: its place among all editions by publishing date.

    The database keeps no edition number of its own, so this counts the editions up to this one's date
    (a draft counts too: it is the edition the office is preparing).
    """
    count = session.scalar(select(func.count(Edition.id)).where(Edition.publish_date <= edition.publish_date))
    return int(count or 1)


def edition_kit(session: Session, edition: Edition) -> EditionKit:
    """The kit's input for an edition: its Q&A in order, as they will be (or were) published."""
    items = []
    for item in edition.items:
        q = item.question
        slug = q.category or q.predicted_category
        items.append(
            KitItem(
                question=(q.public_question or q.text).strip(),
                answer=(q.answer or "").strip(),
                category=category_name(slug),
                ref=q.entry.ref if q.entry is not None else q.tracking_code,
            )
        )
    return EditionKit(number=edition_number(session, edition), date=edition.publish_date, items=items)


def kit_zip(session: Session, edition_id: int) -> tuple[str, bytes]:
    """The kit of an edition as ``(file name, ZIP bytes)``.

    Raises:
        NotFound: there is no such edition.
        Conflict: the edition has no questions yet.
        Unavailable: the card fonts are not installed.
    """
    edition = session.get(Edition, edition_id)
    if edition is None:
        raise NotFound(f"there is no edition {edition_id}")
    if not edition.items:
        raise Conflict(f"edition {edition_id} has no questions yet: add approved answers before exporting")
    kit = edition_kit(session, edition)
    buffer = io.BytesIO()
    try:
        write_zip(kit, Branding(), buffer)
    except FontNotFoundError as exc:
        raise Unavailable(str(exc)) from None
    return kit_filename(kit), buffer.getvalue()


def _zip_response(name: str, data: bytes) -> Response:
    return Response(
        data,
        media_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.get(
    "/api/editions/{edition_id}/kit",
    tags=["editions"],
    response_class=Response,
    responses={200: {"content": {"application/zip": {}}, "description": "The kit as a ZIP file."}},
)
def download_kit(edition_id: EditionId, session: SessionDep, user: KitUser) -> Response:
    """The edition's publishing kit as one ZIP: Instagram cards, caption, TikTok script, README."""
    return _zip_response(*kit_zip(session, edition_id))


@router.get("/petugas/edisi/{edition_id}/paket", include_in_schema=False)
def download_kit_page(
    edition_id: EditionId,
    request: Request,
    state: StateDep,
    session: SessionDep,
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> Response:
    """The same ZIP for the edition page's download button (staff session cookie)."""
    from api.errors import ServiceError
    from api.kpi.pages import page_user, render_page

    user = page_user(request, state, session, token, KIT_ROLES, next_path=f"/petugas/edisi/{edition_id}")
    if isinstance(user, Response):
        return user
    try:
        return _zip_response(*kit_zip(session, edition_id))
    except ServiceError as exc:
        messages = {
            404: "Edisi ini tidak ada.",
            409: "Edisi ini belum berisi pertanyaan. Tambahkan jawaban yang sudah disetujui dulu.",
            503: "Paket belum dapat dibuat: huruf (font) untuk kartu belum terpasang di server. "
            "Hubungi admin.",
        }
        return render_page(
            request,
            state,
            "kpi/refused.html",
            {
                "title": "Paket publikasi",
                "message": messages.get(exc.status_code, exc.message),
                "login": None,
            },
            user=user,
            status_code=exc.status_code,
        )
