"""Request and response shapes, in layers: ``XCreate`` (input), ``XPublic`` (output), ``XList(items, total)``.

Schemas for citizen-facing routes live in ``public.py`` and carry no personal data; the staff views in
``questions.py`` do (sender name, handle, e-mail, phone) and are only returned on staff routes.
"""
