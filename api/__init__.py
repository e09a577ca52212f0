"""The HALO KOP-UKM Assist service: intake, staff review, approval, weekly editions and public search.

Built on the ``halokop_nlp`` library (never the reverse). Start it with ``halokop serve`` or build an
app with ``api.main.create_app(settings)``.
"""

from __future__ import annotations
