"""Every family of passes; importing this package registers them all.

One module per family, each pass a pure function registered by decorator:

* ``furniture`` CL1xx: phrase-list rules for site furniture
* ``user``      CL199: the user's own patterns
* ``head``      CL2xx: head-of-article heuristics (title, date, byline, captions)
* ``tail``      CL3xx: teaser blocks and tail sections
* ``page``      CL4xx: the article body of a whole page (line classifier with context)
* ``residual``  CL5xx: what extractors leave behind
* ``fitted``    CL6xx: the fitted body model, which has the last word on every line
* ``profile``   CL7xx: boilerplate learned from the corpus (``cleaner learn``)

A new pass's code, name and family also go in ``cleaner.catalogue.BUILTIN``,
which lets a configuration name a pass before this package is imported
(tests/test_layers.py checks the two agree).
"""

from . import (  # noqa: F401
    fitted,
    furniture,
    head,
    page,
    profile,
    residual,
    tail,
    user,
)
