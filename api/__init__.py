"""The HALO KOP-UKM service: intake, staff review, approval, weekly editions and public search.

Built on the ``halokop_nlp`` library (never the reverse). Start it with ``halokop serve`` or build an
app with ``api.main.create_app(settings)``.
"""

from __future__ import annotations

import os

# The bundled encoder and scikit-learn/faiss each load their own OpenMP runtime. With the default
# (spinning) wait policy their idle threads fight over the cores, and one short query takes ~1 s
# instead of ~20 ms on a 2-core machine. Read when the encoder's runtime loads, so set it first.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
